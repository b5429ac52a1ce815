package prefetch

// Slot returns the slot of key k in a table of 1<<(64-shift) slots:
// (k * 0x9e3779b97f4a7c15) >> shift, Fibonacci hashing, which spreads even
// poorly mixed keys over the table for one multiply. It is the one place
// the tagger's hashed tables put their keys (the entity model's weights,
// the gazetteer's index, the lexicon, a document's word tables), and the
// slot Hashed fetches: a table whose keys went elsewhere would be
// prefetched in the wrong places.
func Slot(k uint64, shift uint) int { return int((k * 0x9e3779b97f4a7c15) >> shift) }
