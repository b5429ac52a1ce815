package perceptron

import (
	"bytes"
	"testing"
)

func TestTrainWriteRead(t *testing.T) {
	tr, err := NewTrainer(8, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Feature 1 means label 1, feature 2 means label 2.
	for range 20 {
		for _, ex := range []struct {
			f    uint64
			gold int
		}{{1, 1}, {2, 2}} {
			tr.Tick()
			s := make([]float32, 3)
			tr.Model().Add([]uint64{ex.f}, s)
			guess := 0
			for l := range s {
				if s[l] > s[guess] {
					guess = l
				}
			}
			tr.Update([]uint64{ex.f}, ex.gold, guess)
		}
	}
	m := tr.Average()
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	r, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read() error: %v", err)
	}
	for _, tt := range []struct {
		f    uint64
		want int
	}{{1, 1}, {2, 2}} {
		s := make([]float32, 3)
		r.Add([]uint64{tt.f}, s)
		best := 0
		for l := range s {
			if s[l] > s[best] {
				best = l
			}
		}
		if best != tt.want {
			t.Errorf("read model: best label for feature %d = %d (scores %v), want %d", tt.f, best, s, tt.want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(2, 9); err == nil {
		t.Error("New(2, 9) = nil error, want one")
	}
	if _, err := New(10, 1); err == nil {
		t.Error("New(10, 1) = nil error, want one")
	}
	if _, err := Read(bytes.NewReader([]byte("nope"))); err == nil {
		t.Error("Read(garbage) = nil error, want one")
	}
}
