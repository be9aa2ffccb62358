//go:build !noasm && !gccgo && !safe

#include "textflag.h"

// Each pair k keeps gonum's DotUnitary partial sums: value i of the
// unrolled loop goes to lane i mod 4 (lanes 0,1 in one register, 2,3 in
// the other), the 1-3 values left to lane 0, and the sum is
// (lane0+lane2) + (lane1+lane3).

// func dot4x(y, x0, x1, x2, x3 *float64, n int) (d0, d1, d2, d3 float64)
TEXT ·dot4x(SB), NOSPLIT, $0-80
	MOVQ y+0(FP), R8
	MOVQ x0+8(FP), R9
	MOVQ x1+16(FP), R10
	MOVQ x2+24(FP), R11
	MOVQ x3+32(FP), R12
	MOVQ n+40(FP), DI

	XORPS X0, X0 // pair 0, lanes 0 and 1
	XORPS X1, X1 // pair 0, lanes 2 and 3
	XORPS X2, X2
	XORPS X3, X3
	XORPS X4, X4
	XORPS X5, X5
	XORPS X6, X6
	XORPS X7, X7

	MOVQ $0, SI
	SUBQ $4, DI
	JL   tail

loop:
	MOVUPD 0(R8)(SI*8), X8
	MOVUPD 16(R8)(SI*8), X9

	MOVUPD 0(R9)(SI*8), X10
	MOVUPD 16(R9)(SI*8), X11
	MOVUPD 0(R10)(SI*8), X12
	MOVUPD 16(R10)(SI*8), X13
	MULPD  X8, X10
	MULPD  X9, X11
	MULPD  X8, X12
	MULPD  X9, X13
	ADDPD  X10, X0
	ADDPD  X11, X1
	ADDPD  X12, X2
	ADDPD  X13, X3

	MOVUPD 0(R11)(SI*8), X10
	MOVUPD 16(R11)(SI*8), X11
	MOVUPD 0(R12)(SI*8), X12
	MOVUPD 16(R12)(SI*8), X13
	MULPD  X8, X10
	MULPD  X9, X11
	MULPD  X8, X12
	MULPD  X9, X13
	ADDPD  X10, X4
	ADDPD  X11, X5
	ADDPD  X12, X6
	ADDPD  X13, X7

	ADDQ $4, SI
	SUBQ $4, DI
	JGE  loop

tail:
	ADDQ $4, DI
	JLE  end

onemore:
	MOVSD 0(R8)(SI*8), X8
	MOVSD 0(R9)(SI*8), X10
	MOVSD 0(R10)(SI*8), X11
	MOVSD 0(R11)(SI*8), X12
	MOVSD 0(R12)(SI*8), X13
	MULSD X8, X10
	MULSD X8, X11
	MULSD X8, X12
	MULSD X8, X13
	ADDSD X10, X0
	ADDSD X11, X2
	ADDSD X12, X4
	ADDSD X13, X6

	ADDQ $1, SI
	SUBQ $1, DI
	JNZ  onemore

end:
	ADDPD    X1, X0
	MOVAPD   X0, X8
	UNPCKHPD X0, X0
	ADDSD    X8, X0
	MOVSD    X0, d0+48(FP)

	ADDPD    X3, X2
	MOVAPD   X2, X8
	UNPCKHPD X2, X2
	ADDSD    X8, X2
	MOVSD    X2, d1+56(FP)

	ADDPD    X5, X4
	MOVAPD   X4, X8
	UNPCKHPD X4, X4
	ADDSD    X8, X4
	MOVSD    X4, d2+64(FP)

	ADDPD    X7, X6
	MOVAPD   X6, X8
	UNPCKHPD X6, X6
	ADDSD    X8, X6
	MOVSD    X6, d3+72(FP)
	RET

// func dot4AVX(y, x0, x1, x2, x3 *float64, n int) (d0, d1, d2, d3 float64)
//
// dot4x with a pair's four lanes in one YMM register; the lanes are
// split into DotUnitary's two halves before the 1-3 values left are added
// to lane 0 (a VEX scalar add clears the upper half of its register).
TEXT ·dot4AVX(SB), NOSPLIT, $0-80
	MOVQ y+0(FP), R8
	MOVQ x0+8(FP), R9
	MOVQ x1+16(FP), R10
	MOVQ x2+24(FP), R11
	MOVQ x3+32(FP), R12
	MOVQ n+40(FP), DI

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

	MOVQ $0, SI
	SUBQ $4, DI
	JL   avxsplit

avxloop:
	VMOVUPD (R8)(SI*8), Y4
	VMULPD  (R9)(SI*8), Y4, Y5
	VMULPD  (R10)(SI*8), Y4, Y6
	VMULPD  (R11)(SI*8), Y4, Y7
	VMULPD  (R12)(SI*8), Y4, Y8
	VADDPD  Y5, Y0, Y0
	VADDPD  Y6, Y1, Y1
	VADDPD  Y7, Y2, Y2
	VADDPD  Y8, Y3, Y3

	ADDQ $4, SI
	SUBQ $4, DI
	JGE  avxloop

avxsplit:
	// lanes 2 and 3 of pair k to X(4+k)
	VEXTRACTF128 $1, Y0, X4
	VEXTRACTF128 $1, Y1, X5
	VEXTRACTF128 $1, Y2, X6
	VEXTRACTF128 $1, Y3, X7
	VZEROUPPER

	ADDQ $4, DI
	JLE  avxend

avxmore:
	VMOVSD (R8)(SI*8), X8
	VMULSD (R9)(SI*8), X8, X9
	VMULSD (R10)(SI*8), X8, X10
	VMULSD (R11)(SI*8), X8, X11
	VMULSD (R12)(SI*8), X8, X12
	VADDSD X9, X0, X0
	VADDSD X10, X1, X1
	VADDSD X11, X2, X2
	VADDSD X12, X3, X3

	ADDQ $1, SI
	SUBQ $1, DI
	JNZ  avxmore

avxend:
	VADDPD    X4, X0, X0
	VUNPCKHPD X0, X0, X8
	VADDSD    X8, X0, X0
	VMOVSD    X0, d0+48(FP)

	VADDPD    X5, X1, X1
	VUNPCKHPD X1, X1, X8
	VADDSD    X8, X1, X1
	VMOVSD    X1, d1+56(FP)

	VADDPD    X6, X2, X2
	VUNPCKHPD X2, X2, X8
	VADDSD    X8, X2, X2
	VMOVSD    X2, d2+64(FP)

	VADDPD    X7, X3, X3
	VUNPCKHPD X3, X3, X8
	VADDSD    X8, X3, X3
	VMOVSD    X3, d3+72(FP)
	RET

// func pearsonAVX(q *pearson4)
//
// Offsets of pearson4's arrays: sa 0, saa 32, sb 64, sbb 96, sab 128,
// fn 160, caa 192, cbb 224, r 256.
TEXT ·pearsonAVX(SB), NOSPLIT, $0-8
	MOVQ    q+0(FP), AX
	VMOVUPD 0(AX), Y0   // sa
	VMOVUPD 64(AX), Y1  // sb
	VMOVUPD 160(AX), Y2 // fn

	VMULPD  Y0, Y0, Y3  // sa*sa
	VDIVPD  Y2, Y3, Y3  // /fn
	VMOVUPD 32(AX), Y4  // saa
	VSUBPD  Y3, Y4, Y4  // caa = saa - sa*sa/fn

	VMULPD  Y1, Y1, Y5  // sb*sb
	VDIVPD  Y2, Y5, Y5  // /fn
	VMOVUPD 96(AX), Y6  // sbb
	VSUBPD  Y5, Y6, Y6  // cbb = sbb - sb*sb/fn

	VMULPD  Y1, Y0, Y7  // sa*sb
	VDIVPD  Y2, Y7, Y7  // /fn
	VMOVUPD 128(AX), Y8 // sab
	VSUBPD  Y7, Y8, Y8  // sab - sa*sb/fn

	VMULPD  Y6, Y4, Y9 // caa*cbb
	VSQRTPD Y9, Y9
	VDIVPD  Y9, Y8, Y8 // r

	VMOVUPD Y4, 192(AX)
	VMOVUPD Y6, 224(AX)
	VMOVUPD Y8, 256(AX)
	VZEROUPPER
	RET

// func dot2x4AVX(d *[2][4]float64, y0, y1, x0, x1, x2, x3 *float64, n int)
//
// dot4AVX for two y at once: Y0-Y3 the lanes of y0 with x0-x3, Y4-Y7
// those of y1. Their lanes 2 and 3 wait on the stack while the 1-3
// values left are added to lane 0.
TEXT ·dot2x4AVX(SB), NOSPLIT, $128-64
	MOVQ d+0(FP), AX
	MOVQ y0+8(FP), R8
	MOVQ y1+16(FP), R13
	MOVQ x0+24(FP), R9
	MOVQ x1+32(FP), R10
	MOVQ x2+40(FP), R11
	MOVQ x3+48(FP), R12
	MOVQ n+56(FP), DI

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

	MOVQ $0, SI
	SUBQ $4, DI
	JL   x24split

x24loop:
	VMOVUPD (R8)(SI*8), Y8
	VMOVUPD (R13)(SI*8), Y9

	VMOVUPD (R9)(SI*8), Y10
	VMULPD  Y10, Y8, Y11
	VMULPD  Y10, Y9, Y12
	VADDPD  Y11, Y0, Y0
	VADDPD  Y12, Y4, Y4

	VMOVUPD (R10)(SI*8), Y13
	VMULPD  Y13, Y8, Y14
	VMULPD  Y13, Y9, Y15
	VADDPD  Y14, Y1, Y1
	VADDPD  Y15, Y5, Y5

	VMOVUPD (R11)(SI*8), Y10
	VMULPD  Y10, Y8, Y11
	VMULPD  Y10, Y9, Y12
	VADDPD  Y11, Y2, Y2
	VADDPD  Y12, Y6, Y6

	VMOVUPD (R12)(SI*8), Y13
	VMULPD  Y13, Y8, Y14
	VMULPD  Y13, Y9, Y15
	VADDPD  Y14, Y3, Y3
	VADDPD  Y15, Y7, Y7

	ADDQ $4, SI
	SUBQ $4, DI
	JGE  x24loop

x24split:
	// lanes 2 and 3 of pair k to 16k(SP)
	VEXTRACTF128 $1, Y0, 0(SP)
	VEXTRACTF128 $1, Y1, 16(SP)
	VEXTRACTF128 $1, Y2, 32(SP)
	VEXTRACTF128 $1, Y3, 48(SP)
	VEXTRACTF128 $1, Y4, 64(SP)
	VEXTRACTF128 $1, Y5, 80(SP)
	VEXTRACTF128 $1, Y6, 96(SP)
	VEXTRACTF128 $1, Y7, 112(SP)
	VZEROUPPER

	ADDQ $4, DI
	JLE  x24end

x24more:
	VMOVSD (R8)(SI*8), X8
	VMOVSD (R13)(SI*8), X9
	VMULSD (R9)(SI*8), X8, X10
	VMULSD (R9)(SI*8), X9, X11
	VMULSD (R10)(SI*8), X8, X12
	VMULSD (R10)(SI*8), X9, X13
	VADDSD X10, X0, X0
	VADDSD X11, X4, X4
	VADDSD X12, X1, X1
	VADDSD X13, X5, X5
	VMULSD (R11)(SI*8), X8, X10
	VMULSD (R11)(SI*8), X9, X11
	VMULSD (R12)(SI*8), X8, X12
	VMULSD (R12)(SI*8), X9, X13
	VADDSD X10, X2, X2
	VADDSD X11, X6, X6
	VADDSD X12, X3, X3
	VADDSD X13, X7, X7

	ADDQ $1, SI
	SUBQ $1, DI
	JNZ  x24more

x24end:
	VADDPD    0(SP), X0, X0
	VUNPCKHPD X0, X0, X8
	VADDSD    X8, X0, X0
	VMOVSD    X0, 0(AX)

	VADDPD    16(SP), X1, X1
	VUNPCKHPD X1, X1, X8
	VADDSD    X8, X1, X1
	VMOVSD    X1, 8(AX)

	VADDPD    32(SP), X2, X2
	VUNPCKHPD X2, X2, X8
	VADDSD    X8, X2, X2
	VMOVSD    X2, 16(AX)

	VADDPD    48(SP), X3, X3
	VUNPCKHPD X3, X3, X8
	VADDSD    X8, X3, X3
	VMOVSD    X3, 24(AX)

	VADDPD    64(SP), X4, X4
	VUNPCKHPD X4, X4, X8
	VADDSD    X8, X4, X4
	VMOVSD    X4, 32(AX)

	VADDPD    80(SP), X5, X5
	VUNPCKHPD X5, X5, X8
	VADDSD    X8, X5, X5
	VMOVSD    X5, 40(AX)

	VADDPD    96(SP), X6, X6
	VUNPCKHPD X6, X6, X8
	VADDSD    X8, X6, X6
	VMOVSD    X6, 48(AX)

	VADDPD    112(SP), X7, X7
	VUNPCKHPD X7, X7, X8
	VADDSD    X8, X7, X7
	VMOVSD    X7, 56(AX)
	RET
