package bus

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/article"
)

// The envelope of a document is decided here, once, for every publisher:
// its subject, its Nats-Msg-Id (MsgID) and its headers. A stage that
// publishes builds its message with RawMessage or ArticleMessage, the
// notifier with AlertMessage.

// RawMessage is the envelope of a raw document the fetcher publishes, live
// or replayed: on its source kind's subject, with the document's id in
// HeaderArticleID, HeaderReplay on a replay, and a message id of the
// document's id and body, so the broker stores a document fetched (or
// replayed) twice within its duplicate window once.
func RawMessage(raw *article.Raw) (Message, error) {
	data, err := json.Marshal(raw)
	if err != nil {
		return Message{}, fmt.Errorf("encode raw article %s: %w", raw.ID, err)
	}
	return Message{
		Subject: SubjectRaw(raw.Source.Kind),
		Data:    data,
		ID:      MsgID(StageFetcher, raw.ID, article.BodyHash(raw.Body)),
		Header:  articleHeader(raw.ID, raw.Replay),
	}, nil
}

// ArticleMessage is the envelope of an article stage publishes: on the
// stage's output subject (OutputSubject), with the article's id in
// HeaderArticleID, HeaderReplay on a replayed article, and a message id of
// the stage, the id and the content hash (and duplicate_of, when set), so
// an unchanged article published twice is stored once and a changed
// version passes: the story stage's revision of a copy whose original
// arrived after it differs from the copy's first version only there.
func ArticleMessage(stage Stage, a *article.Article) (Message, error) {
	subject, err := OutputSubject(stage)
	if err != nil {
		return Message{}, err
	}
	data, err := json.Marshal(a)
	if err != nil {
		return Message{}, fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	return Message{
		Subject: subject,
		Data:    data,
		ID:      articleMsgID(stage, a),
		Header:  articleHeader(a.ID, a.Replay),
	}, nil
}

func articleMsgID(stage Stage, a *article.Article) string {
	id := MsgID(stage, a.ID, a.ContentHash)
	if a.DuplicateOf != "" {
		id += ":" + a.DuplicateOf
	}
	return id
}

// AlertMessage is the envelope of an alert the notifier publishes to a
// saved search's delivery: SubjectAlert(name) for NATS subscribers,
// SubjectOutbox(name) for its webhook's queue (webhook false and true).
// The alert's id is its message id and in alert.HeaderID, the article's in
// HeaderArticleID, so an alert published twice (its article redelivered)
// is stored once within the duplicate window.
func AlertMessage(al *alert.Alert, webhook bool) (Message, error) {
	data, err := json.Marshal(al)
	if err != nil {
		return Message{}, fmt.Errorf("encode alert %s: %w", al.ID, err)
	}
	subject := SubjectAlert(al.Name)
	if webhook {
		subject = SubjectOutbox(al.Name)
	}
	return Message{
		Subject: subject,
		Data:    data,
		ID:      al.ID,
		Header:  map[string]string{alert.HeaderID: al.ID, HeaderArticleID: al.Article.ID},
	}, nil
}

// OutputSubject is the subject stage publishes articles on. The fetcher
// publishes raw documents on SubjectRaw of their kind; the sink publishes
// nothing.
func OutputSubject(stage Stage) (string, error) {
	switch stage {
	case StageNormalizer:
		return SubjectNormalized, nil
	case StageTagger:
		return SubjectTagged, nil
	case StageStory:
		return SubjectStoried, nil
	}
	return "", fmt.Errorf("stage %q publishes no articles", stage)
}

// ReprocessMessage is the copy `fetcher reprocess` run publishes of a
// stored message: on the message's own subject, with its headers but the
// server's own (Nats-*), HeaderReprocess set to run, and the message id
// "reprocess:<run>:<sequence>": different from the original's, so the
// duplicate window does not drop it, and the same in a rerun of the same
// run, so a rerun after a crash does not store a second copy within the
// window.
func ReprocessMessage(m Stored, run string) Message {
	h := map[string]string{HeaderReprocess: run}
	for k, v := range m.Header {
		if len(v) == 0 || strings.HasPrefix(k, "Nats-") {
			continue // Nats-Msg-Id and the server's own headers
		}
		h[k] = v[0]
	}
	return Message{
		Subject: m.Subject,
		Data:    m.Data,
		ID:      "reprocess:" + run + ":" + strconv.FormatUint(m.Sequence, 10),
		Header:  h,
	}
}

func articleHeader(id string, replay bool) map[string]string {
	h := map[string]string{HeaderArticleID: id}
	if replay {
		h[HeaderReplay] = "true"
	}
	return h
}
