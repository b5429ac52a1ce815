package service

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"
)

type testConfig struct {
	Common
	Name string `envconfig:"NAME" default:"wire" desc:"a name"`
}

func (c testConfig) Validate() error { return c.Common.Validate() }

// unsetEnv unsets names for the test, restoring them after it.
func unsetEnv(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		t.Setenv(n, "")
		if err := os.Unsetenv(n); err != nil {
			t.Fatal(err)
		}
	}
}

var testEnv = []string{"TEST_NAME", "TEST_LOG_LEVEL", "TEST_LOG_FORMAT", "TEST_SHUTDOWN_GRACE", "LOG_LEVEL", "LOG_FORMAT", "SHUTDOWN_GRACE", "NAME"}

func TestConfigure(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    testConfig
		wantErr string
	}{
		{name: "defaults", want: testConfig{Common: Common{LogLevel: slog.LevelInfo, LogFormat: "auto", ShutdownGrace: 25 * time.Second}, Name: "wire"}},
		{
			name: "prefixed and shared names",
			env:  map[string]string{"TEST_NAME": "x", "LOG_LEVEL": "debug", "TEST_SHUTDOWN_GRACE": "3s", "SHUTDOWN_GRACE": "9s"},
			want: testConfig{Common: Common{LogLevel: slog.LevelDebug, LogFormat: "auto", ShutdownGrace: 3 * time.Second}, Name: "x"},
		},
		{name: "invalid format", env: map[string]string{"TEST_LOG_FORMAT": "xml"}, wantErr: `invalid configuration: LOG_FORMAT = "xml"`},
		{name: "no grace", env: map[string]string{"TEST_SHUTDOWN_GRACE": "0s"}, wantErr: "SHUTDOWN_GRACE = 0s, want > 0"},
		{name: "unparsable", env: map[string]string{"TEST_SHUTDOWN_GRACE": "soon"}, wantErr: "read configuration"},
		{name: "argument", args: []string{"serve"}, wantErr: `unexpected argument "serve"`},
		{name: "unknown flag", args: []string{"-x"}, wantErr: "run with -h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unsetEnv(t, testEnv...)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var got testConfig
			err := Configure("TEST", &got, tt.args, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Configure = %v, want an error holding %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Configure = %+v, %v, want %+v", got, err, tt.want)
			}
		})
	}
}

func TestConfigureHelp(t *testing.T) {
	for _, tt := range []struct {
		arg  string
		want []string
	}{
		{"-h", []string{"KEY", "TEST_NAME", "String", "wire", "a name", "TEST_SHUTDOWN_GRACE", "25s"}},
		{"--help", []string{"TEST_LOG_FORMAT"}},
		{"-help-markdown", []string{"| variable | type | default | description |", "| `TEST_NAME` | String | `wire` | a name |"}},
	} {
		unsetEnv(t, testEnv...)
		var out bytes.Buffer
		var cfg testConfig
		if err := Configure("TEST", &cfg, []string{tt.arg}, &out); !errors.Is(err, ErrHelp) {
			t.Errorf("Configure(%s) = %v, want ErrHelp", tt.arg, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("Configure(%s) printed %q, want it to hold %q", tt.arg, out.String(), w)
			}
		}
	}
}

func TestOpenInput(t *testing.T) {
	r, err := OpenInput(nil, strings.NewReader("stdin"))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(r); string(b) != "stdin" {
		t.Errorf("OpenInput(nil) read %q, want stdin", b)
	}
	if _, err := OpenInput([]string{"a", "b"}, nil); err == nil {
		t.Error("OpenInput(two files) = nil error, want one")
	}
	if _, err := OpenInput([]string{t.TempDir() + "/missing"}, nil); err == nil {
		t.Error("OpenInput(missing file) = nil error, want one")
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestRunReturnsWhenPartsEnd(t *testing.T) {
	err := Run(context.Background(), discard(), time.Minute,
		func(context.Context) error { return nil },
		func(context.Context) error { return nil })
	if err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
}

// TestRunFirstFailureCancelsTheRest: one part fails; the others see their
// context end, stop, and Run returns the failure.
func TestRunFirstFailureCancelsTheRest(t *testing.T) {
	boom := errors.New("boom")
	stopped := make(chan struct{})
	err := Run(context.Background(), discard(), time.Minute,
		func(context.Context) error { return boom },
		func(ctx context.Context) error {
			<-ctx.Done()
			close(stopped)
			return nil
		})
	if !errors.Is(err, boom) {
		t.Errorf("Run = %v, want %v", err, boom)
	}
	select {
	case <-stopped:
	default:
		t.Error("Run returned before the other part stopped")
	}
}

// TestRunFinishesInFlightWork: on shutdown, Run waits for the parts to
// finish what they hold (within the grace) and returns their result.
func TestRunFinishesInFlightWork(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	finished := false
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, discard(), time.Minute, func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			time.Sleep(20 * time.Millisecond) // in-flight work after the signal
			finished = true
			return nil
		})
	}()
	<-started
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if !finished {
		t.Error("Run returned before the part finished its in-flight work")
	}
}

// TestRunShutdownGrace: a part that does not stop within the grace is
// abandoned, and Run says so.
func TestRunShutdownGrace(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, discard(), 50*time.Millisecond, func(context.Context) error {
			close(started)
			<-release // ignores its context
			return nil
		})
	}()
	<-started
	cancel()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "longer than SHUTDOWN_GRACE (50ms)") {
			t.Errorf("Run = %v, want the grace error", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Run did not return a minute after its 50ms grace")
	}
}

func TestSimple(t *testing.T) {
	if code := Simple("x", func(context.Context, []string) error { return nil })(context.Background(), nil); code != 0 {
		t.Errorf("Simple(nil error) = %d, want 0", code)
	}
	if code := Simple("x", func(context.Context, []string) error { return errors.New("no") })(context.Background(), nil); code != 1 {
		t.Errorf("Simple(error) = %d, want 1", code)
	}
}
