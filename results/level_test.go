package results

import "testing"

// TestManifestLevel: a manifest without a usable level (older results, a
// string, a value outside (0,1)) reads as the default.
func TestManifestLevel(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  map[string]any
		want float64
	}{
		{"absent", nil, 0.95},
		{"0.9", map[string]any{"level": 0.9}, 0.9},
		{"0.99", map[string]any{"level": 0.99}, 0.99},
		{"text", map[string]any{"level": "0.9"}, 0.95},
		{"above 1", map[string]any{"level": 95.0}, 0.95},
		{"zero", map[string]any{"level": 0.0}, 0.95},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Manifest{Config: tc.cfg}
			if got := m.Level(); got != tc.want {
				t.Errorf("Level() = %v, want %v", got, tc.want)
			}
		})
	}
}
