//go:build !noasm && !gccgo && !safe

package pairs

import "golang.org/x/sys/cpu"

// dot4Kernels names the kernels dot4 can run here and selects each.
func dot4Kernels() map[string]func() {
	k := map[string]func(){"sse2": func() { useAVX = false }}
	if cpu.X86.HasAVX {
		k["avx"] = func() { useAVX = true }
	}
	return k
}

// restoreKernel selects the kernel dot4 runs outside the tests.
func restoreKernel() { useAVX = cpu.X86.HasAVX }
