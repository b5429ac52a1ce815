package memstore

import (
	"os"
	"syscall"
)

// inode identifies a file across renames: a rotation gives the live path a
// new one.
func inode(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 1
}
