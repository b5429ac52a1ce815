// Package cluster assigns each arriving article its copy group and its
// story, online, against state that any number of replicas share.
//
// An article is first looked up by id: an article already seen (a replay,
// a redelivery) gets the answer it got before. Otherwise its sketch's keys
// find earlier articles sharing shingles; those whose sketches contain at
// least CopyThreshold of the smaller text are copies, and the earliest of
// their groups' first articles is the one it duplicates. A copy joins its
// original's story. Any other article is compared, by the cosine of word
// vectors that weight names and numbers, with the stories indexed under
// its heaviest words and active within Window; it joins the most similar at
// StoryThreshold or more, or starts a story of its own.
//
// Every write is a compare-and-set (Store): when two replicas race to start
// a story for one event, one claims the index first and the other, seeing
// its claim fail, decides again and joins that story.
package cluster

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/story/internal/syndication"
)

// Config tunes a Clusterer.
type Config struct {
	// Window is how far apart in published time articles of one story, or
	// a copy and its original, may be.
	Window time.Duration
	// CopyThreshold is the share of the smaller text that must stand in
	// the other for it to be a copy.
	CopyThreshold float64
	// StoryThreshold is the least cosine similarity between an article and
	// a story's centroid for the article to join it.
	StoryThreshold float64
}

// DefaultConfig is what the service starts with. A copy is a text at
// least half of which stands in the other (the sketch is exact for texts
// up to syndication.MaxSketch shingles, a sample beyond).
var DefaultConfig = Config{Window: 72 * time.Hour, CopyThreshold: 0.5, StoryThreshold: 0.3}

// Validate checks the settings for meaning.
func (c Config) Validate() error {
	switch {
	case c.Window <= 0:
		return fmt.Errorf("window %s, want > 0", c.Window)
	case c.CopyThreshold <= 0 || c.CopyThreshold > 1:
		return fmt.Errorf("copy threshold %g, want in (0, 1]", c.CopyThreshold)
	case c.StoryThreshold <= 0 || c.StoryThreshold > 1:
		return fmt.Errorf("story threshold %g, want in (0, 1]", c.StoryThreshold)
	}
	return nil
}

// Outcome says what became of an article, for metrics.
type Outcome string

// The outcomes.
const (
	OutcomeNewStory Outcome = "new_story"
	OutcomeJoined   Outcome = "joined"
	OutcomeCopy     Outcome = "copy"
	OutcomeSeen     Outcome = "seen"
)

// Result is an article's answer: the fields the stage sets.
type Result struct {
	ID          string  `json:"id"`
	DuplicateOf string  `json:"duplicate_of"`
	Similarity  float64 `json:"similarity"`
	StoryID     string  `json:"story_id"`
	Outcome     Outcome `json:"-"`
	// Ref is what the caller gave AssignRef for the article: where to
	// find it again (the stage: its stream and sequence).
	Ref string `json:"-"`
	// Revised holds the earlier articles whose answer this one changed:
	// copies that arrived before their original, now marked as copies of
	// it (see AssignRef). Each carries its new answer and its Ref.
	Revised []Result `json:"-"`
}

// Clusterer assigns articles to copy groups and stories. It holds no state
// of its own: everything is in its Store, so it is safe for concurrent use
// and any number of Clusterers may share one Store.
type Clusterer struct {
	store Store
	cfg   Config
	now   func() time.Time
	// keyLocks make this Clusterer's read-modify-writes of one key take
	// turns (a key hashes to one of them): articles of one story handled
	// at once would otherwise refuse each other's compare-and-sets, each
	// refusal costing a read and a write, and a hot story could starve
	// one of them. Other Clusterers are still kept apart by the store's
	// compare-and-set.
	keyLocks [64]sync.Mutex
}

// New returns a Clusterer over store.
func New(store Store, cfg Config) (*Clusterer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Clusterer{store: store, cfg: cfg, now: time.Now}, nil
}

const (
	// maxCandidates bounds the earlier articles whose sketches are read.
	maxCandidates = 8
	// maxStoryCandidates bounds the stories compared with an article.
	maxStoryCandidates = 10
	// indexTerms is how many of an article's words index its story.
	indexTerms = 6
	// maxAttempts bounds decisions taken again after losing a race.
	maxAttempts = 8
	// pendingFor is how long a story listed in the index but without a
	// record is taken to be in the making (its record follows its index
	// entries by a few round trips); pendingPoll is how often it is read
	// again meanwhile, at most maxWaits times.
	pendingFor  = 5 * time.Second
	pendingPoll = 10 * time.Millisecond
	maxWaits    = 200
	// indexSlack is how far a story's time in a term's list may lag its
	// latest article's: lookups widen the window by as much, and the list
	// is written once per story and term per indexSlack, not per article.
	indexSlack = time.Hour
)

// ErrInvalid marks an article the clusterer cannot take (no id): a
// permanent error.
var ErrInvalid = errors.New("invalid article")

// Assign is AssignRef without a ref.
func (c *Clusterer) Assign(ctx context.Context, a *article.Article) (Result, error) {
	return c.AssignRef(ctx, a, "")
}

// AssignRef decides a's copy group and story, records them in the store
// with ref (where the caller can find the article again) and returns them.
// An article seen before gets the answer it got then (with the revisions it
// made, again).
//
// An original that arrives after its copies (published earlier, later in
// the stream) is not marked a copy of them: it becomes its group's first
// article, and each first article it supersedes that copies it (at
// CopyThreshold or more, within Window) is revised in the store to name it
// as duplicate_of. Those revisions come back in Result.Revised, with their
// refs, for the caller to publish again.
func (c *Clusterer) AssignRef(ctx context.Context, a *article.Article, ref string) (Result, error) {
	if a.ID == "" {
		return Result{}, fmt.Errorf("%w: no id", ErrInvalid)
	}
	if r, ok, err := c.seen(ctx, a.ID); err != nil || ok {
		return r, err
	}
	when := a.FetchedAt
	if a.PublishedAt != nil {
		when = *a.PublishedAt
	}
	rec := record{ID: a.ID, Ref: ref, Time: when.UTC(), Fetched: a.FetchedAt.UTC(), Head: a.ID, HeadTime: when.UTC(), HeadFetched: a.FetchedAt.UTC()}
	exactKey := ""
	if text := strings.TrimSpace(a.Text); text != "" {
		exactKey = "h." + article.ContentHash(text)[:32]
	}
	orig, ok, err := c.exactCopy(ctx, a, exactKey, &rec)
	if err != nil {
		return Result{}, err
	}
	sim, revised := 1.0, []Result(nil)
	if !ok {
		orig, sim, revised, err = c.findOriginal(ctx, a, syndication.Of(a.Text), exactKey, &rec)
	}
	if err != nil {
		return Result{}, err
	}
	outcome := OutcomeJoined
	var vec Vector
	if orig != nil {
		rec.Story = orig.Story
		if rec.Head != a.ID {
			rec.DuplicateOf, rec.Similarity = rec.Head, sim
			outcome = OutcomeCopy
		}
	}
	// A copy's words are its original's, already in its story's centroid
	// and index: only other articles need their vector.
	if rec.DuplicateOf == "" {
		vec = Features(a)
	}
	if orig == nil {
		story, isNew, err := c.findStory(ctx, a, vec, rec.Time)
		if err != nil {
			return Result{}, err
		}
		rec.Story = story
		if isNew {
			outcome = OutcomeNewStory
		}
	}
	if err := c.joinStory(ctx, rec.Story, a, vec, rec.DuplicateOf != "", rec.Time); err != nil {
		return Result{}, err
	}
	// A copy's words are its original's, already indexed under its story.
	if rec.DuplicateOf == "" {
		if err := c.index(ctx, rec.Story, vec, rec.Time); err != nil {
			return Result{}, err
		}
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return Result{}, err
	}
	if _, err := c.store.Create(ctx, "a."+a.ID, data); errors.Is(err, ErrExists) {
		// Another replica took the same article meanwhile: its answer
		// stands, so both publish the same.
		if r, ok, err := c.seen(ctx, a.ID); err != nil || ok {
			return r, err
		}
	} else if err != nil {
		return Result{}, err
	}
	return Result{ID: a.ID, DuplicateOf: rec.DuplicateOf, Similarity: rec.Similarity, StoryID: rec.Story, Ref: ref, Outcome: outcome, Revised: revised}, nil
}

// seen returns the answer recorded for an article id, if any, with the
// revisions it made as they stand now: a redelivery or a replay of an
// original that arrived late publishes its copies' revisions again.
//
// Records are read from the store, not a cache: another replica may have
// revised one since this one cached it.
func (c *Clusterer) seen(ctx context.Context, id string) (Result, bool, error) {
	c.forget("a." + id)
	rec, ok, err := c.record(ctx, id)
	if err != nil || !ok {
		return Result{}, false, err
	}
	r := rec.result()
	r.Outcome = OutcomeSeen
	for _, rid := range rec.Revised {
		rv, ok, err := c.Answer(ctx, rid)
		if err != nil {
			return Result{}, false, err
		}
		if ok && rv.DuplicateOf == id {
			r.Revised = append(r.Revised, rv)
		}
	}
	return r, true, nil
}

// Answer returns the answer the state holds for an article now, read from
// the store, not a cache, and whether it holds one. A revision publishes
// it rather than the answer its original worked out: two originals
// arriving at once may both revise one copy, and the revision published
// last must name the one the state kept.
func (c *Clusterer) Answer(ctx context.Context, id string) (Result, bool, error) {
	c.forget("a." + id)
	rec, ok, err := c.record(ctx, id)
	if err != nil || !ok {
		return Result{}, false, err
	}
	return rec.result(), true, nil
}

func (c *Clusterer) record(ctx context.Context, id string) (*record, bool, error) {
	data, _, ok, err := c.store.Get(ctx, "a."+id)
	if err != nil || !ok {
		return nil, false, err
	}
	var rec record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, false, fmt.Errorf("decode record of %s: %w", id, err)
	}
	return &rec, true, nil
}

// forget drops key from the store's cache, if it has one: the next read
// asks the store.
func (c *Clusterer) forget(key string) {
	if f, ok := c.store.(interface{ Forget(string) }); ok {
		f.Forget(key)
	}
}

// exactCopy is findOriginal's shortcut for a text this replica has seen
// lately word for word under another id (its exact key's holder cached):
// an exact copy holds none of the text's keys, so neither its sketch nor
// its keys are needed. It reports false, and findOriginal decides, when
// the holder's record is not at hand or out of the window, and when this
// article is published before the holder's group's first (it would then
// take the group's lead and revise it, which needs the sketches).
func (c *Clusterer) exactCopy(ctx context.Context, a *article.Article, exactKey string, rec *record) (*record, bool, error) {
	peek, ok := c.store.(interface{ Peek(string) ([]byte, bool) })
	if !ok || exactKey == "" {
		return nil, false, nil
	}
	v, ok := peek.Peek(exactKey)
	if !ok {
		return nil, false, nil
	}
	id, _, _ := strings.Cut(string(v), " ")
	if id == "" || id == a.ID {
		return nil, false, nil
	}
	cand, ok, err := c.record(ctx, id)
	if err != nil || !ok || !c.inWindow(cand.Time, rec.Time) {
		return nil, false, err
	}
	head, err := c.head(ctx, cand)
	if err != nil || earlier(rec.HeadTime, rec.HeadFetched, head.HeadTime, head.HeadFetched) {
		return nil, false, err
	}
	rec.Head, rec.HeadTime, rec.HeadFetched = head.Head, head.HeadTime, head.HeadFetched
	return cand, true, nil
}

// findOriginal registers the article's text under its keys and returns the
// best-matching earlier copy, if any, with the containment. It sets rec's
// Head to the earliest first article among the copies' groups (or leaves
// it the article itself when that is earlier).
func (c *Clusterer) findOriginal(ctx context.Context, a *article.Article, sk syndication.Sketch, exactKey string, rec *record) (*record, float64, []Result, error) {
	hits := map[string]int{}
	claimedAt := map[string]time.Time{}
	exact := ""
	// A key holds the id of the first article with the shingle and when
	// it claimed it (wall clock): an article whose record is not written
	// yet is being assigned by another replica, and is waited for.
	myClaim := c.now().UTC()
	mine := []byte(a.ID + " " + myClaim.Format(time.RFC3339Nano))
	var keys []string
	if exactKey != "" {
		keys = append(keys, exactKey)
	}
	for _, k := range sk.Keys() {
		keys = append(keys, fmt.Sprintf("k.%08x", k))
	}
	// Each key is read, and created when missing, all at once: the
	// store's round trips overlap.
	holders := make([]string, len(keys))
	// A key is claimed by creating it: one round trip for a new key (most
	// of them), two for a key another article holds, none for one this
	// replica has seen lately (a key's holder never changes).
	peek, _ := c.store.(interface{ Peek(string) ([]byte, bool) })
	if err := parallel(ctx, len(keys), func(i int) error {
		if peek != nil {
			if v, ok := peek.Peek(keys[i]); ok {
				holders[i] = string(v)
				return nil
			}
		}
		_, err := c.store.Create(ctx, keys[i], mine)
		if !errors.Is(err, ErrExists) {
			return err
		}
		// Another article holds it.
		v, _, ok, err := c.store.Get(ctx, keys[i])
		if err != nil || !ok {
			return err
		}
		holders[i] = string(v)
		return nil
	}); err != nil {
		return nil, 0, nil, err
	}
	holds := false
	for i, v := range holders {
		id, at, _ := strings.Cut(v, " ")
		if id == "" || id == a.ID {
			holds = true
			continue
		}
		if strings.HasPrefix(keys[i], "h.") {
			exact = id
		}
		hits[id]++
		if t, err := time.Parse(time.RFC3339Nano, at); err == nil && t.After(claimedAt[id]) {
			claimedAt[id] = t
		}
	}
	cands := make([]string, 0, len(hits))
	for id := range hits {
		cands = append(cands, id)
	}
	slices.SortFunc(cands, func(x, y string) int {
		if hits[x] != hits[y] {
			return hits[y] - hits[x]
		}
		return strings.Compare(x, y)
	})
	// Only a text that holds a key can be found as a candidate later: the
	// sketch of one that holds none (an exact copy, most copies) would
	// never be read, and is not stored.
	if holds {
		rec.Sketch = sk.Encode()
	}
	var best *record
	bestSim := 0.0
	var superseded []string
	var revised []Result
	cands = cands[:min(len(cands), maxCandidates)]
	recs := make([]*record, len(cands))
	if err := parallel(ctx, len(cands), func(i int) error {
		id := cands[i]
		cand, ok, err := c.record(ctx, id)
		// Two articles in flight at once, each holding keys of the
		// other: the later claimer waits for the earlier one's record,
		// never the other way round.
		first := claimedAt[id].Before(myClaim) || claimedAt[id].Equal(myClaim) && id < a.ID
		for waits := 0; err == nil && !ok && first && c.now().Sub(claimedAt[id]) < pendingFor && waits < maxWaits; waits++ {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(pendingPoll):
			}
			cand, ok, err = c.record(ctx, id)
		}
		if ok {
			recs[i] = cand
		}
		return err
	}); err != nil {
		return nil, 0, nil, err
	}
	for i, id := range cands {
		cand, ok := recs[i], recs[i] != nil
		if ok && cand.DuplicateOf == a.ID && !slices.ContainsFunc(revised, func(r Result) bool { return r.ID == id }) {
			// Revised by an earlier delivery of this article that did
			// not get as far as its record: published again.
			revised = append(revised, cand.result())
		}
		if !ok || !c.inWindow(cand.Time, rec.Time) {
			continue
		}
		sim, enough := syndication.Containment(sk, syndication.Decode(cand.Sketch))
		if id == exact {
			sim, enough = 1, true
		}
		if !enough || sim < c.cfg.CopyThreshold {
			continue
		}
		if sim > bestSim {
			best, bestSim = cand, sim
		}
		head, err := c.head(ctx, cand)
		if err != nil {
			return nil, 0, nil, err
		}
		// The earliest first article wins; at equal times, the one seen
		// first (an article already recorded, over this one).
		if rec.Head == a.ID && !earlier(rec.HeadTime, rec.HeadFetched, head.HeadTime, head.HeadFetched) ||
			rec.Head != a.ID && earlier(head.HeadTime, head.HeadFetched, rec.HeadTime, rec.HeadFetched) {
			rec.Head, rec.HeadTime, rec.HeadFetched = head.Head, head.HeadTime, head.HeadFetched
		}
		superseded = append(superseded, head.Head)
		if cand.DuplicateOf != "" {
			// A copy of a first article this one may supersede: it
			// copies this one too, and may have to name it instead.
			superseded = append(superseded, cand.ID)
		}
	}
	if rec.Head == a.ID {
		// Published before the groups it copies, this article becomes
		// their first: their first articles point on to it, so later
		// copies name it, and each of them, and each copy found among
		// the candidates, that copies it is revised to name it as its
		// original.
		for _, id := range superseded {
			if id == a.ID || slices.ContainsFunc(revised, func(r Result) bool { return r.ID == id }) {
				continue
			}
			var changed *record
			wasFirst := false
			if err := c.update(ctx, "a."+id, func(data []byte, ok bool) ([]byte, error) {
				changed, wasFirst = nil, false
				var r record
				if !ok || json.Unmarshal(data, &r) != nil || r.Head == a.ID || !earlier(rec.HeadTime, rec.HeadFetched, r.HeadTime, r.HeadFetched) {
					return nil, nil
				}
				r.Head, r.HeadTime, r.HeadFetched = rec.Head, rec.HeadTime, rec.HeadFetched
				if r.DuplicateOf != a.ID && r.ID != a.ID && c.inWindow(r.Time, rec.Time) {
					sim, enough := syndication.Containment(sk, syndication.Decode(r.Sketch))
					if r.ID == exact {
						sim, enough = 1, true
					}
					if enough && sim >= c.cfg.CopyThreshold {
						wasFirst = r.DuplicateOf == ""
						r.DuplicateOf, r.Similarity = a.ID, sim
						changed = &r
					}
				}
				return json.Marshal(r)
			}); err != nil {
				return nil, 0, nil, err
			}
			if changed == nil {
				continue
			}
			revised = append(revised, changed.result())
			if wasFirst {
				// Its story counted it as an article of its own.
				if err := c.update(ctx, article.StoryKey(changed.Story), func(data []byte, ok bool) ([]byte, error) {
					var s article.Story
					if !ok || json.Unmarshal(data, &s) != nil {
						return nil, nil
					}
					s.Copies++
					return json.Marshal(s)
				}); err != nil {
					return nil, 0, nil, err
				}
			}
		}
	}
	for _, r := range revised {
		rec.Revised = append(rec.Revised, r.ID)
	}
	return best, bestSim, revised, nil
}

// head returns the record naming the first article of cand's copy group:
// cand's own, or, when its first article has since been superseded by an
// earlier one, that article's.
func (c *Clusterer) head(ctx context.Context, cand *record) (*record, error) {
	if cand.Head == cand.ID {
		return cand, nil
	}
	h, ok, err := c.record(ctx, cand.Head)
	if err != nil {
		return nil, err
	}
	if !ok || h.Head == h.ID || !earlier(h.HeadTime, h.HeadFetched, cand.HeadTime, cand.HeadFetched) {
		return cand, nil
	}
	return h, nil
}

func (c *Clusterer) inWindow(t1, t2 time.Time) bool {
	d := t1.Sub(t2)
	return d <= c.cfg.Window && -d <= c.cfg.Window
}

// termList is a term's index entry as read, with its revision.
type termList struct {
	key  string
	refs []storyRef
	rev  uint64
	ok   bool
}

// findStory returns the story a non-copy joins, or starts one (its id is
// the article's) and reports it new.
func (c *Clusterer) findStory(ctx context.Context, a *article.Article, vec Vector, when time.Time) (string, bool, error) {
	terms := keyTerms(vec, indexTerms)
	for attempt, waits := 0, 0; attempt < maxAttempts; attempt++ {
		lists := make([]termList, 0, len(terms))
		votes := map[string]int{}
		listedAt := map[string]time.Time{}
		lists = lists[:len(terms)]
		if err := parallel(ctx, len(terms), func(i int) error {
			var err error
			lists[i], err = c.termList(ctx, terms[i])
			return err
		}); err != nil {
			return "", false, err
		}
		for _, l := range lists {
			for _, r := range l.refs {
				if when.Sub(r.Last) <= c.cfg.Window+indexSlack {
					votes[r.Story]++
					if r.At.After(listedAt[r.Story]) {
						listedAt[r.Story] = r.At
					}
				}
			}
		}
		cands := make([]string, 0, len(votes))
		for id := range votes {
			cands = append(cands, id)
		}
		slices.SortFunc(cands, func(x, y string) int {
			if votes[x] != votes[y] {
				return votes[y] - votes[x]
			}
			return strings.Compare(x, y)
		})
		best, bestSim, pending := "", 0.0, false
		cands = cands[:min(len(cands), maxStoryCandidates)]
		cents := make([]centroid, len(cands))
		found := make([]bool, len(cands))
		if err := parallel(ctx, len(cands), func(i int) error {
			var err error
			cents[i], found[i], err = c.centroid(ctx, cands[i])
			return err
		}); err != nil {
			return "", false, err
		}
		for i, id := range cands {
			s, ok := cents[i], found[i]
			if !ok && c.now().Sub(listedAt[id]) < pendingFor {
				pending = true
			}
			if !ok || when.Before(s.First.Add(-c.cfg.Window)) || when.After(s.Last.Add(c.cfg.Window)) {
				continue
			}
			if sim := Cosine(vec, s.Vector); sim >= c.cfg.StoryThreshold && (sim > bestSim || sim == bestSim && id < best) {
				best, bestSim = id, sim
			}
		}
		if best != "" {
			return best, false, nil
		}
		if pending && waits < maxWaits {
			// Another replica is starting a story this article may
			// belong to: wait for its record, then decide.
			waits++
			attempt--
			select {
			case <-ctx.Done():
				return "", false, ctx.Err()
			case <-time.After(pendingPoll):
			}
			continue
		}
		// A new story: claim its index entries at the revisions read. A
		// failed claim means another article changed them meanwhile; decide
		// again on what it wrote.
		claimed := true
		for _, l := range lists {
			data := encodeRefs(withRef(l.refs, a.ID, when, c.now()))
			var err error
			if l.ok {
				_, err = c.store.Update(ctx, l.key, data, l.rev)
			} else {
				_, err = c.store.Create(ctx, l.key, data)
			}
			if errors.Is(err, ErrConflict) || errors.Is(err, ErrExists) {
				claimed = false
				break
			}
			if err != nil {
				return "", false, err
			}
		}
		if claimed {
			return a.ID, true, nil
		}
		// Decide again on what the bucket holds now: every list, not
		// only the one whose claim failed, is read afresh.
		if f, ok := c.store.(interface{ Forget(string) }); ok {
			for _, l := range lists {
				f.Forget(l.key)
			}
		}
	}
	return "", false, fmt.Errorf("story for %s: index still contended after %d attempts", a.ID, maxAttempts)
}

func termKey(t string) string {
	h := fnv.New64a()
	h.Write([]byte(t))
	return "t." + hex.EncodeToString(h.Sum(nil))
}

func (c *Clusterer) termList(ctx context.Context, t string) (termList, error) {
	l := termList{key: termKey(t)}
	data, rev, ok, err := c.store.Get(ctx, l.key)
	if err != nil || !ok {
		return l, err
	}
	l.rev, l.ok = rev, true
	if l.refs, err = decodeRefs(data); err != nil {
		return l, fmt.Errorf("decode %s: %w", l.key, err)
	}
	return l, nil
}

// index adds the story under the article's heaviest words (compare-and-set,
// retried on conflict).
func (c *Clusterer) index(ctx context.Context, story string, vec Vector, when time.Time) error {
	terms := keyTerms(vec, indexTerms)
	return parallel(ctx, len(terms), func(i int) error {
		return c.update(ctx, termKey(terms[i]), func(data []byte, ok bool) ([]byte, error) {
			var refs []storyRef
			if ok {
				var err error
				if refs, err = decodeRefs(data); err != nil {
					return nil, err
				}
			}
			// An entry's time is raised only when it falls indexSlack
			// behind: most articles of a story leave its entries alone.
			if i := slices.IndexFunc(refs, func(r storyRef) bool { return r.Story == story }); i >= 0 && !when.After(refs[i].Last.Add(indexSlack)) {
				return nil, nil
			}
			return encodeRefs(withRef(refs, story, when, c.now())), nil
		})
	})
}

func (c *Clusterer) story(ctx context.Context, id string) (*article.Story, uint64, bool, error) {
	data, rev, ok, err := c.store.Get(ctx, article.StoryKey(id))
	if err != nil || !ok {
		return nil, 0, false, err
	}
	var s article.Story
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, 0, false, fmt.Errorf("decode story %s: %w", id, err)
	}
	return &s, rev, true, nil
}

func (c *Clusterer) centroid(ctx context.Context, id string) (centroid, bool, error) {
	data, _, ok, err := c.store.Get(ctx, "c."+id)
	if err != nil || !ok {
		return centroid{}, false, err
	}
	ct, err := decodeCentroid(data)
	if err != nil {
		return centroid{}, false, fmt.Errorf("decode centroid of story %s: %w", id, err)
	}
	return ct, true, nil
}

// Story returns a story's record.
func (c *Clusterer) Story(ctx context.Context, id string) (*article.Story, bool, error) {
	s, _, ok, err := c.story(ctx, id)
	return s, ok, err
}

// joinStory adds the article to the story's record (creating it when the
// article starts it).
func (c *Clusterer) joinStory(ctx context.Context, id string, a *article.Article, vec Vector, copied bool, when time.Time) error {
	var ents []article.StoryEntity
	if a.Tags != nil {
		for _, e := range a.Tags.Entities {
			name := e.Canonical
			if name == "" {
				name = e.Text
			}
			if !slices.ContainsFunc(ents, func(x article.StoryEntity) bool { return x.Canonical == name && x.Type == e.Type }) {
				ents = append(ents, article.StoryEntity{Type: e.Type, Canonical: name})
			}
		}
	}
	if err := c.update(ctx, article.StoryKey(id), func(data []byte, ok bool) ([]byte, error) {
		s := article.Story{ID: id, First: when, Last: when, Sources: map[string]int{}}
		if ok {
			if err := json.Unmarshal(data, &s); err != nil {
				return nil, err
			}
		}
		if s.Sources == nil {
			s.Sources = map[string]int{}
		}
		if when.Before(s.First) {
			s.First = when
		}
		if when.After(s.Last) {
			s.Last = when
		}
		if a.Title != "" && (s.Title == "" || when.Before(s.TitleTime)) {
			s.Title, s.TitleTime = a.Title, when
		}
		s.Articles++
		if copied {
			s.Copies++
		}
		if _, known := s.Sources[a.Source.Name]; known || len(s.Sources) < maxSources {
			s.Sources[a.Source.Name]++
		}
		addEntities(&s, ents)
		return json.Marshal(s)
	}); err != nil {
		return err
	}
	if copied {
		// A copy's words are its original's, in the centroid already:
		// counted again they would only weigh the story toward the most
		// syndicated text.
		return nil
	}
	// The centroid is written after the record: a story whose centroid is
	// readable has a record.
	return c.update(ctx, "c."+id, func(data []byte, ok bool) ([]byte, error) {
		ct := centroid{First: when, Last: when}
		if ok {
			var err error
			if ct, err = decodeCentroid(data); err != nil {
				return nil, err
			}
		}
		if when.Before(ct.First) {
			ct.First = when
		}
		if when.After(ct.Last) {
			ct.Last = when
		}
		ct.Vector = add(ct.Vector, vec)
		return ct.encode(), nil
	})
}

// update is a compare-and-set loop on key: f turns the current value into
// the new one (nil: leave it).
func (c *Clusterer) update(ctx context.Context, key string, f func(data []byte, ok bool) ([]byte, error)) error {
	h := fnv.New32a()
	h.Write([]byte(key))
	mu := &c.keyLocks[h.Sum32()%uint32(len(c.keyLocks))]
	mu.Lock()
	defer mu.Unlock()
	for range maxAttempts * 4 {
		data, rev, ok, err := c.store.Get(ctx, key)
		if err != nil {
			return err
		}
		next, err := f(data, ok)
		if err != nil {
			return fmt.Errorf("update %s: %w", key, err)
		}
		if next == nil {
			return nil
		}
		if ok {
			_, err = c.store.Update(ctx, key, next, rev)
		} else {
			_, err = c.store.Create(ctx, key, next)
		}
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrConflict) && !errors.Is(err, ErrExists) {
			return err
		}
	}
	return fmt.Errorf("update %s: still contended after %d attempts", key, maxAttempts*4)
}

// parallel runs f(0) ... f(n-1) at once and returns the first error: the
// state's round trips for one article overlap instead of adding up.
func parallel(ctx context.Context, n int, f func(i int) error) error {
	switch n {
	case 0:
		return nil
	case 1:
		return f(0)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = f(i) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
