// Package hugepage allocates large tables that are read at random, such
// as the entity model's weights and the gazetteer's index, on transparent
// huge pages. On 4 KB pages such a table costs a TLB miss for nearly every
// lookup, and a page fault for every 4 KB when it is first written: on
// the virtual machines measured a first touch of a 4 KB page cost 11 to
// 18 µs, so a 32 MB table took 8,000 faults to fill instead of 16.
package hugepage
