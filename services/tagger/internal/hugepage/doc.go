// Package hugepage allocates large tables that are read at random, such
// as the gazetteer's index and the entity model's weights when they are
// decoded from the model file, on transparent huge pages. On 4 KB pages such
// a table costs a TLB miss for nearly every lookup, and a page fault for
// every 4 KB when it is first written: on the virtual machines measured a
// first touch of a 4 KB page cost 11 to 18 µs, so a 32 MB table took 8,000
// faults to fill instead of 16. The kernel still zeroes each huge page
// first, which on those machines cost 2 to 36 ms for the model's 19 MB:
// the tagger now reads the model's weights in place from its binary
// (ner's weights.tbl), at a few per cent more per lookup on 4 KB pages.
package hugepage
