// Package prefetch starts fetching the slots of hashed keys in a large
// table into cache ahead of their use, so that the fetches from memory of
// a table that is mostly out of cache (the entity model's weights while a
// process tags many documents, the gazetteer's index while it is built)
// overlap other work. Go has no prefetch intrinsic: on amd64 it is a
// short assembly loop of PREFETCHT0, elsewhere nothing.
package prefetch
