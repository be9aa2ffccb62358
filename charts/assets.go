package charts

import (
	_ "embed" // the echarts bundle is compiled into the binary
)

// echartsJS is Apache ECharts 5.4.3 (dist/echarts.min.js from the npm
// package), the version go-echarts v2.6.7 targets. It is inlined into the
// report so the page renders with the network off. License: Apache-2.0,
// see assets/LICENSE and assets/NOTICE.
//
//go:embed assets/echarts.min.js
var echartsJS string

// EChartsVersion is the embedded echarts version, credited in the report.
const EChartsVersion = "5.4.3"
