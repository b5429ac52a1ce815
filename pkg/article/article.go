// Package article defines the documents that travel between newswire's
// stages: the raw fetched bytes (Raw) and the versioned article contract
// (Article) that the normalizer produces, the tagger enriches and the sink
// stores. These types are the contract between services: fields are added,
// never repurposed, and every field has an explicit json tag.
package article

import (
	"time"
)

// Schema versions carried in every document's "schema" field.
const (
	// SchemaRaw identifies a Raw document.
	SchemaRaw = "newswire.raw/v1"
	// SchemaArticle identifies an Article document.
	SchemaArticle = "newswire.article/v1"
)

// Kind says how an article entered newswire.
type Kind string

// The source kinds. Each is also the last token of the raw subject
// (articles.raw.<kind>).
const (
	KindInbox   Kind = "inbox"
	KindRSS     Kind = "rss"
	KindPage    Kind = "page"
	KindSitemap Kind = "sitemap"
	KindWARC    Kind = "warc"
	KindJSONL   Kind = "jsonl"
)

// Kinds lists every source kind, in a stable order.
var Kinds = []Kind{KindInbox, KindRSS, KindPage, KindSitemap, KindWARC, KindJSONL}

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// Source names where an article came from.
type Source struct {
	// Name is the operator's name for the source ("bbc-world", "inbox").
	Name string `json:"name"`
	// Kind is how the article was obtained.
	Kind Kind `json:"kind"`
	// Locale is an optional BCP 47 hint for the source ("en-GB", "en-AU"):
	// it decides day-first dates and the currency of a bare "$".
	Locale string `json:"locale,omitempty"`
}

// Hints carries metadata the fetcher learned before normalization, such as
// an RSS item's title and date. The normalizer prefers what the document
// itself says and falls back to these.
type Hints struct {
	Title       string     `json:"title,omitempty"`
	Authors     []string   `json:"authors,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty"`
}

// Raw is an article as fetched, before normalization.
type Raw struct {
	Schema string `json:"schema"`
	// ID identifies the fetched document: derived from its URL, or from its
	// body when it has none. The article ID is decided later, by the
	// normalizer, from the canonical URL.
	ID          string    `json:"id"`
	Source      Source    `json:"source"`
	URL         string    `json:"url,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	FetchedAt   time.Time `json:"fetched_at"`
	// Body holds the bytes exactly as fetched (base64 in JSON).
	Body  []byte `json:"body"`
	Hints *Hints `json:"hints,omitempty"`
	// Replay is set when the document was re-published from an archive.
	Replay bool `json:"replay,omitempty"`
}

// Article is the normalized (and later tagged) article: the contract
// document users read in the sink.
type Article struct {
	Schema       string     `json:"schema"`
	ID           string     `json:"id"`
	Source       Source     `json:"source"`
	URL          string     `json:"url,omitempty"`
	CanonicalURL string     `json:"canonical_url,omitempty"`
	Title        string     `json:"title"`
	Authors      []string   `json:"authors"`
	Text         string     `json:"text"`
	Highlights   []string   `json:"highlights"`
	Language     string     `json:"language,omitempty"`
	ImageURL     string     `json:"image_url,omitempty"`
	PublishedAt  *time.Time `json:"published_at"`
	UpdatedAt    *time.Time `json:"updated_at"`
	FetchedAt    time.Time  `json:"fetched_at"`
	ContentHash  string     `json:"content_hash"`
	Replay       bool       `json:"replay,omitempty"`
	// IngestedAt is when the raw document entered the broker (its time in
	// ARTICLES_RAW), set by the normalizer. For a live article it follows
	// FetchedAt closely; for a replayed one FetchedAt is the capture time
	// and IngestedAt the replay's, from which the sink measures replay
	// lag. Nil in articles normalized before the field existed.
	IngestedAt *time.Time `json:"ingested_at,omitempty"`
	// StoryID names the story the article belongs to (copies and follow-ups
	// of one event share it); empty until a stage assigns one.
	StoryID string `json:"story_id,omitempty"`
	// Tags is nil until the tagger has run.
	Tags *Tags `json:"tags,omitempty"`

	// The story stage's fields besides StoryID (which it sets to the id of
	// the story's first article), empty until it has run and in a pipeline
	// without it.
	//
	// DuplicateOf is the id of the earliest article (by published_at, then
	// fetched_at) among those seen that this one copies: the same wire copy
	// under another URL, exact or edited. Empty for the first of a group.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Similarity is how much of the shorter of the two texts stands in the
	// other (0-1, estimated from word shingles); set with DuplicateOf.
	Similarity float64 `json:"similarity,omitempty"`
}

// Tags holds what the tagger found in Text. All offsets are UTF-8 byte
// offsets into Text, end exclusive.
type Tags struct {
	Entities []Entity `json:"entities"`
	Money    []Money  `json:"money"`
	Figures  []Figure `json:"figures"`
}

// Entity types.
const (
	EntityPerson = "PERSON"
	EntityOrg    = "ORG"
	EntityLoc    = "LOC"
	EntityNORP   = "NORP"
)

// Entity is a named mention of a person, organisation, place or group.
type Entity struct {
	Type string `json:"type"`
	Text string `json:"text"`
	// Canonical is the name the mention resolves to ("Ali Khamenei" for
	// "Ayatollah Khamenei").
	Canonical string `json:"canonical"`
	// ID is a stable identifier where one is known, such as a country's
	// ISO 3166-1 alpha-2 code.
	ID string `json:"id,omitempty"`
	// Watch marks an entity on the operator's watch list.
	Watch bool `json:"watch,omitempty"`
	Start int  `json:"start"`
	End   int  `json:"end"`
}

// Money is an amount of money. Amount is in major units (75p is 0.75 GBP);
// a range has Min and Max instead of Amount.
type Money struct {
	Text        string   `json:"text"`
	Currency    string   `json:"currency"`
	Amount      *float64 `json:"amount,omitempty"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
	Approximate bool     `json:"approximate,omitempty"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
}

// Figure is a counted quantity: a number with the noun phrase it counts
// ("52 targets"), or a percentage (Unit "percent").
type Figure struct {
	Text        string   `json:"text"`
	Value       *float64 `json:"value,omitempty"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
	Unit        string   `json:"unit"`
	Approximate bool     `json:"approximate,omitempty"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
}
