package bus_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

func TestStreams(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("normalizer"))
	publishRaw(t, p.conn, 3)

	got, err := p.conn.Streams(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i].Bytes = 0 // depends on the server's storage format
	}
	want := []bus.StreamState{
		{Name: bus.StreamRaw, Messages: 3, FirstSeq: 1, LastSeq: 3, Consumers: []bus.ConsumerState{
			{Stream: bus.StreamRaw, Name: "normalizer", Pending: 3},
		}},
		{Name: bus.StreamNormalized},
		{Name: bus.StreamDLQ},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Streams() mismatch (-want +got):\n%s", diff)
	}
}
