package bus_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
)

func TestHeaderMsgIDIsJetStreams(t *testing.T) {
	if bus.HeaderMsgID != jetstream.MsgIDHeader {
		t.Errorf("HeaderMsgID = %q, want %q, the header JetStream deduplicates on", bus.HeaderMsgID, jetstream.MsgIDHeader)
	}
}

func TestRawMessage(t *testing.T) {
	raw := &article.Raw{Schema: article.SchemaRaw, ID: "r1", Source: article.Source{Name: "cc", Kind: article.KindWARC}, URL: "https://example.com/a", Body: []byte("<html>a</html>")}
	for _, replay := range []bool{false, true} {
		raw.Replay = replay
		m, err := bus.RawMessage(raw)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{bus.HeaderArticleID: "r1"}
		if replay {
			want[bus.HeaderReplay] = "true"
		}
		if diff := cmp.Diff(want, m.Header); diff != "" {
			t.Errorf("RawMessage(replay %v) header (-want +got):\n%s", replay, diff)
		}
		if m.Subject != "articles.raw.warc" || m.ID != bus.MsgID(bus.StageFetcher, "r1", article.BodyHash(raw.Body)) {
			t.Errorf("RawMessage(replay %v) = subject %q, id %q", replay, m.Subject, m.ID)
		}
		back, err := article.DecodeRaw(m.Data)
		if err != nil || back.ID != "r1" || string(back.Body) != string(raw.Body) || back.Replay != replay {
			t.Errorf("RawMessage data decodes to %+v, %v", back, err)
		}
	}
}

func TestArticleMessage(t *testing.T) {
	a := &article.Article{Schema: article.SchemaArticle, ID: "a1", ContentHash: strings.Repeat("c", 64), Text: "t", Replay: true}
	for _, tt := range []struct {
		stage   bus.Stage
		subject string
	}{
		{bus.StageNormalizer, bus.SubjectNormalized},
		{bus.StageTagger, bus.SubjectTagged},
		{bus.StageStory, bus.SubjectStoried},
	} {
		m, err := bus.ArticleMessage(tt.stage, a)
		if err != nil {
			t.Fatalf("ArticleMessage(%s): %v", tt.stage, err)
		}
		if m.Subject != tt.subject || m.ID != string(tt.stage)+":a1:cccccccccccccccc" {
			t.Errorf("ArticleMessage(%s) = subject %q, id %q, want %q", tt.stage, m.Subject, m.ID, tt.subject)
		}
		if diff := cmp.Diff(map[string]string{bus.HeaderArticleID: "a1", bus.HeaderReplay: "true"}, m.Header); diff != "" {
			t.Errorf("ArticleMessage(%s) header (-want +got):\n%s", tt.stage, diff)
		}
		var back article.Article
		if err := json.Unmarshal(m.Data, &back); err != nil || back.ID != "a1" {
			t.Errorf("ArticleMessage(%s) data = %s, %v", tt.stage, m.Data, err)
		}
	}
	// A revised version (the story stage naming an original found later)
	// has a message id of its own, so the broker does not drop it as the
	// first version again.
	first, _ := bus.ArticleMessage(bus.StageStory, a)
	revised := *a
	revised.DuplicateOf = "a0"
	if m, err := bus.ArticleMessage(bus.StageStory, &revised); err != nil || m.ID == first.ID || m.ID != "story:a1:cccccccccccccccc:a0" {
		t.Errorf("ArticleMessage(revised) id %q, %v; want story:a1:cccccccccccccccc:a0", m.ID, err)
	}
	for _, s := range []bus.Stage{bus.StageFetcher, bus.StageSink} {
		if m, err := bus.ArticleMessage(s, a); err == nil {
			t.Errorf("ArticleMessage(%s) = %+v, want an error: the stage publishes no articles", s, m)
		}
	}
}

func TestReprocessMessage(t *testing.T) {
	m := bus.ReprocessMessage(bus.Stored{
		Subject: "articles.normalized", Data: []byte("{}"), Sequence: 42,
		Header: map[string][]string{bus.HeaderMsgID: {"normalizer:a1:c"}, "Nats-Expected-Stream": {"x"}, bus.HeaderArticleID: {"a1"}, bus.HeaderReplay: {}},
	}, "run1")
	want := bus.Message{
		Subject: "articles.normalized", Data: []byte("{}"), ID: "reprocess:run1:42",
		Header: map[string]string{bus.HeaderArticleID: "a1", bus.HeaderReprocess: "run1"},
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("ReprocessMessage (-want +got):\n%s", diff)
	}
}

func TestAlertMessage(t *testing.T) {
	al := &alert.Alert{Schema: alert.SchemaAlert, ID: "al1", Name: "rolls", Query: "entity:rolls", Article: alert.Summary{ID: "a1"}}
	for _, tt := range []struct {
		webhook bool
		subject string
	}{{false, bus.SubjectAlert("rolls")}, {true, bus.SubjectOutbox("rolls")}} {
		m, err := bus.AlertMessage(al, tt.webhook)
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != tt.subject || m.ID != "al1" {
			t.Errorf("AlertMessage(webhook %v) = subject %q, id %q, want %q, al1", tt.webhook, m.Subject, m.ID, tt.subject)
		}
		if diff := cmp.Diff(map[string]string{alert.HeaderID: "al1", bus.HeaderArticleID: "a1"}, m.Header); diff != "" {
			t.Errorf("AlertMessage(webhook %v) header (-want +got):\n%s", tt.webhook, diff)
		}
		var back alert.Alert
		if err := json.Unmarshal(m.Data, &back); err != nil || back.ID != "al1" || back.Name != "rolls" {
			t.Errorf("AlertMessage data = %s, %v", m.Data, err)
		}
	}
}
