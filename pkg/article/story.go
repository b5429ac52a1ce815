package article

import "time"

// StoryBucket is the default JetStream key-value bucket of the story
// stage's state (STORY_STATE_BUCKET), which `newswire stories` reads.
const StoryBucket = "newswire_stories"

// StoryKey is the key of a story's record in the story stage's bucket.
func StoryKey(id string) string { return "s." + id }

// StoryKeys is the key filter that matches every story's record.
const StoryKeys = "s.>"

// Story is a story as the story stage records it: the articles about one
// event, copies or not. Its ID is the id of the article that started it
// (the StoryID of its articles).
type Story struct {
	ID string `json:"id"`
	// First and Last are the earliest and latest published times of its
	// articles (fetched times for articles without one).
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Title is the title of its earliest article: the representative one.
	Title     string    `json:"title"`
	TitleTime time.Time `json:"title_time"`
	Articles  int       `json:"articles"`
	// Copies counts the articles that copy another (DuplicateOf set).
	Copies int `json:"copies"`
	// Sources counts articles per source name (the first 256 names).
	Sources map[string]int `json:"sources"`
	// Entities counts the articles naming each entity, most named first
	// (the 24 most named).
	Entities []StoryEntity `json:"entities,omitempty"`
}

// StoryEntity is an entity and the number of a story's articles naming it.
type StoryEntity struct {
	Type      string `json:"type"`
	Canonical string `json:"canonical"`
	Articles  int    `json:"articles"`
}
