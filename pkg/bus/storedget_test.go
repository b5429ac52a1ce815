package bus_test

import (
	"context"
	"errors"
	"testing"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

func TestGetStored(t *testing.T) {
	ctx := context.Background()
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	if err := conn.EnsureStreams(ctx, bus.StreamTagged); err != nil {
		t.Fatal(err)
	}
	a := &article.Article{Schema: article.SchemaArticle, ID: "x1", Title: "One", Text: "Some text.", ContentHash: article.ContentHash("Some text.")}
	m, err := bus.ArticleMessage(bus.StageTagger, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Publish(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, err := conn.GetStored(ctx, bus.StreamTagged, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != m.Subject || string(got.Data) != string(m.Data) || got.Sequence != 1 || got.Header[bus.HeaderMsgID][0] != m.ID {
		t.Errorf("GetStored = %+v, want %+v at sequence 1", got, m)
	}
	if _, err := conn.GetStored(ctx, bus.StreamTagged, 2); !errors.Is(err, bus.ErrMessageNotFound) {
		t.Errorf("GetStored(2) error %v, want ErrMessageNotFound", err)
	}
}
