package reports

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Files names each report file WriteDir writes and its writer.
var Files = map[string]func(io.Writer, *Results) error{
	"results.json": WriteJSON,
	"junit.xml":    WriteJUnit,
	"summary.md":   WriteMarkdown,
	"report.html":  WriteHTML,
	"badge.json":   WriteBadge,
}

// WriteDir writes every report of r into dir, creating dir if needed.
func WriteDir(dir string, r *Results) error {
	return WriteFiles(dir, r, Files)
}

// WriteFiles writes v into dir once per entry of files, each file by its
// writer, creating dir if needed.
func WriteFiles[T any](dir string, v T, files map[string]func(io.Writer, T) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write reports: %w", err)
	}
	for name, write := range files {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("write reports: %w", err)
		}
		err = write(f, v)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}
