#include "textflag.h"

// func prefetchRows(base unsafe.Pointer, feats *uint64, n int, shift uint, rowBytes int)
TEXT ·prefetchRows(SB), NOSPLIT, $0-40
	MOVQ base+0(FP), DI
	MOVQ feats+8(FP), SI
	MOVQ n+16(FP), DX
	MOVQ shift+24(FP), CX
	MOVQ rowBytes+32(FP), R8
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
