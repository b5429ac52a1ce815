#include "textflag.h"

// func Hashed(base unsafe.Pointer, keys *uint64, n int, shift uint, size int)
TEXT ·Hashed(SB), NOSPLIT, $0-40
	MOVQ base+0(FP), DI
	MOVQ keys+8(FP), SI
	MOVQ n+16(FP), DX
	MOVQ shift+24(FP), CX
	MOVQ size+32(FP), R8
	MOVQ $0x9e3779b97f4a7c15, R9
	TESTQ DX, DX
	JLE done
loop:
	MOVQ (SI), AX
	IMULQ R9, AX
	SHRQ CX, AX
	IMULQ R8, AX
	PREFETCHT0 (DI)(AX*1)
	ADDQ $8, SI
	DECQ DX
	JNZ loop
done:
	RET
