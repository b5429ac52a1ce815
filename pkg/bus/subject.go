package bus

import "github.com/newswire/newswire/pkg/article"

// Stage names a pipeline stage. It appears in subjects, message ids,
// dead-letter headers and metric labels.
type Stage string

// The stages, in pipeline order.
const (
	StageFetcher    Stage = "fetcher"
	StageNormalizer Stage = "normalizer"
	StageTagger     Stage = "tagger"
	StageSink       Stage = "sink"
	// StageStory is optional, between the tagger and the sink: it marks
	// copies and groups articles into stories.
	StageStory Stage = "story"
)

// Subjects. Raw articles are published per source kind so consumers can
// filter; the dead-letter subject has one token per stage.
const (
	SubjectRawAll     = "articles.raw.>"
	SubjectNormalized = "articles.normalized"
	SubjectTagged     = "articles.tagged"
	// SubjectStoried carries tagged articles with their story fields, from
	// the story stage to the sinks that read it (SINK_INPUT=storied).
	SubjectStoried = "articles.storied"
	SubjectDLQAll  = "articles.dlq.>"
)

// SubjectRaw is the subject raw articles of kind k are published on.
func SubjectRaw(k article.Kind) string { return "articles.raw." + string(k) }

// SubjectDLQ is the dead-letter subject of a stage.
func SubjectDLQ(s Stage) string { return "articles.dlq." + string(s) }

// Headers newswire sets on messages.
const (
	// HeaderMsgID is the header JetStream deduplicates on, set from
	// Message.ID (see MsgID).
	HeaderMsgID = "Nats-Msg-Id"
	// HeaderReplay marks a raw article re-published from an archive.
	HeaderReplay = "Newswire-Replay"
	// HeaderArticleID carries the article (or raw document) id.
	HeaderArticleID = "Newswire-Article-Id"
	// HeaderDocument names a document the fetcher dead-letters before it
	// has an id (an inbox file it cannot publish).
	HeaderDocument = "Newswire-Document"
	// HeaderReplayRun names the replay run that published a raw document:
	// a resumed run recognises its own earlier publishes by it, and not the
	// same records replayed by another run.
	HeaderReplayRun = "Newswire-Replay-Run"
	// HeaderReprocess marks a message republished by `fetcher reprocess`;
	// its value identifies the reprocess run (ReprocessMessage).
	HeaderReprocess = "Newswire-Reprocess"

	// Dead-letter headers: why, where and when the message failed.
	HeaderDLQReason     = "Newswire-Dlq-Reason"
	HeaderDLQStage      = "Newswire-Dlq-Stage"
	HeaderDLQSubject    = "Newswire-Dlq-Subject"
	HeaderDLQStream     = "Newswire-Dlq-Stream"
	HeaderDLQSequence   = "Newswire-Dlq-Sequence"
	HeaderDLQDeliveries = "Newswire-Dlq-Deliveries"
	HeaderDLQTime       = "Newswire-Dlq-Time"
)

// MsgID is the Nats-Msg-Id of a document published by stage: the same
// article with the same content published twice within the duplicate
// window is stored once, while a changed version passes.
func MsgID(stage Stage, id, contentHash string) string {
	if len(contentHash) > 16 {
		contentHash = contentHash[:16]
	}
	return string(stage) + ":" + id + ":" + contentHash
}
