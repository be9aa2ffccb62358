//go:build !amd64 || noasm || gccgo || safe

package pairs

func dot4Kernels() map[string]func() { return map[string]func(){"floats.Dot": func() {}} }

func restoreKernel() {}
