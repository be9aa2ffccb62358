package fetch

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
)

// decoded undoes the gzip Content-Encoding the client asked for (the SEC
// asks clients to accept compression to spare its bandwidth; setting
// Accept-Encoding by hand turns off net/http's transparent gzip).
func decoded(resp *http.Response) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "gzip":
		return gzip.NewReader(resp.Body)
	}
	return resp.Body, nil
}
