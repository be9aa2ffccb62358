// Package eventstudy is the root of the eventstudy module. It embeds the
// bundled demo study (testdata/demo) so that `eventstudy demo` runs from
// the binary alone.
package eventstudy

import "embed"

// Demo holds the bundled study: events.csv, prices/*.csv and PROVENANCE.md,
// under the directory "testdata/demo".
//
//go:embed testdata/demo/events.csv testdata/demo/PROVENANCE.md testdata/demo/prices/*.csv
var Demo embed.FS

// DemoRoot is the directory of the demo study inside Demo.
const DemoRoot = "testdata/demo"
