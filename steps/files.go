package steps

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/directus-conformance/harness/fixtures"
	"golang.org/x/image/webp"
)

// upload is a file a scenario uploaded: its id and the bytes it sent.
type upload struct {
	id   string
	data []byte
}

func (s *scenario) registerFiles(sc *godog.ScenarioContext) {
	s.step(sc, `^a folder "([^"]+)"$`, s.createFolder)
	s.step(sc, `^`+actor+` uploads a (\d+) by (\d+) PNG as "([^"]+)"$`, s.uploadPNG)
	s.step(sc, `^`+actor+` uploads a (\d+) by (\d+) PNG as "([^"]+)" with:$`, s.uploadPNGWith)
	s.step(sc, `^`+actor+` uploads a (\d+) by (\d+) PNG as "([^"]+)" with the title after the file$`,
		s.uploadTitleLast)
	s.step(sc, `^`+actor+` sends a multipart form without a file$`, s.uploadNoFile)
	s.step(sc, `^`+actor+` fetches the asset "([^"]+)"$`, s.fetchAsset)
	s.step(sc, `^`+actor+` fetches the asset "([^"]+)" with "([^"]*)"$`, s.fetchAssetWith)
	s.step(sc, `^the answer holds the same bytes as "([^"]+)"`+because+`$`, s.sameBytes)
	s.step(sc, `^the answer is a (png|jpeg|webp) image of (\d+) by (\d+) pixels`+because+`$`,
		s.imageIs)
	s.step(sc, `^the server is restarted$`, s.restart)
	s.step(sc, `^the server's container is recreated$`, s.recreate)
	s.step(sc, `^a second server on the same database has a storage location that cannot be written$`,
		s.unwritableStorage)
}

func (s *scenario) createFolder(ctx context.Context, alias string) error {
	id, err := s.session.CreateFolder(withPhase(ctx, "setup"), alias)
	if err != nil {
		return s.restricted(err)
	}
	s.mu.Lock()
	s.folders[alias] = id
	s.mu.Unlock()
	return nil
}

// testPNG draws a deterministic gradient, so every upload of the same size
// has the same bytes and an asset can be compared by hash.
func testPNG(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

func (s *scenario) uploadPNG(ctx context.Context, who string, w, h int, name string) error {
	return s.uploadFile(ctx, who, name, testPNG(w, h), nil, nil)
}

// uploadPNGWith sends the metadata of a table (| field | value |) before
// the file, as Directus requires.
func (s *scenario) uploadPNGWith(ctx context.Context, who string, w, h int, name string,
	table *godog.Table) error {
	var fields [][2]string
	for _, row := range table.Rows {
		if len(row.Cells) != 2 {
			return setup(fmt.Errorf("upload metadata rows need two cells: field and value"))
		}
		v, err := s.expand(row.Cells[1].Value)
		if err != nil {
			return err
		}
		fields = append(fields, [2]string{row.Cells[0].Value, v})
	}
	return s.uploadFile(ctx, who, name, testPNG(w, h), fields, nil)
}

func (s *scenario) uploadTitleLast(ctx context.Context, who string, w, h int, name string) error {
	return s.uploadFile(ctx, who, name, testPNG(w, h), nil,
		[][2]string{{"title", "Sent after the file"}})
}

// uploadFile posts a multipart form: the before fields, the file, then
// the after fields. A successful upload is remembered under name and
// removed after the scenario.
func (s *scenario) uploadFile(ctx context.Context, who, name string, data []byte,
	before, after [][2]string) error {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range before {
		_ = mw.WriteField(f[0], f[1])
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	h.Set("Content-Type", http.DetectContentType(data))
	part, err := mw.CreatePart(h)
	if err != nil {
		return setup(err)
	}
	_, _ = part.Write(data)
	for _, f := range after {
		_ = mw.WriteField(f[0], f[1])
	}
	if err := mw.Close(); err != nil {
		return setup(err)
	}
	if err := s.doRaw(ctx, who, http.MethodPost, "/files", &body, mw.FormDataContentType()); err != nil {
		return err
	}
	r, err := s.answer()
	if err != nil {
		return err
	}
	if id := gjson.GetBytes(r.body, "data.id").String(); r.status == http.StatusOK && id != "" {
		s.session.DeleteLater("/files/" + id)
		s.mu.Lock()
		s.uploads[name] = &upload{id: id, data: data}
		s.mu.Unlock()
	}
	return nil
}

func (s *scenario) uploadNoFile(ctx context.Context, who string) error {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("title", "No file here")
	if err := mw.Close(); err != nil {
		return setup(err)
	}
	return s.doRaw(ctx, who, http.MethodPost, "/files", &body, mw.FormDataContentType())
}

func (s *scenario) upload(name string) (*upload, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.uploads[name]
	if !ok {
		return nil, setup(fmt.Errorf("no file %q was uploaded in this scenario", name))
	}
	return u, nil
}

func (s *scenario) fetchAsset(ctx context.Context, who, name string) error {
	return s.fetchAssetWith(ctx, who, name, "")
}

func (s *scenario) fetchAssetWith(ctx context.Context, who, name, query string) error {
	u, err := s.upload(name)
	if err != nil {
		return err
	}
	path := "/assets/" + u.id
	if query != "" {
		path += "?" + query
	}
	return s.do(ctx, who, http.MethodGet, path, "", nil)
}

func (s *scenario) sameBytes(name, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	u, err := s.upload(name)
	if err != nil {
		return err
	}
	got, want := sha256.Sum256(r.body), sha256.Sum256(u.data)
	if r.status != http.StatusOK || got != want {
		return s.mismatch(r, fmt.Sprintf("status %d, %d bytes with sha256 %s", r.status,
			len(r.body), hex.EncodeToString(got[:8])),
			fmt.Sprintf("the %d uploaded bytes with sha256 %s", len(u.data),
				hex.EncodeToString(want[:8])), rule)
	}
	return nil
}

func (s *scenario) imageIs(format string, w, h int, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	decode := map[string]func(io.Reader) (image.Config, error){
		"png": png.DecodeConfig, "jpeg": jpeg.DecodeConfig, "webp": webp.DecodeConfig,
	}[format]
	want := fmt.Sprintf("image/%s, %d×%d", format, w, h)
	ctype := r.header.Get("Content-Type")
	if !strings.HasPrefix(ctype, "image/"+format) {
		return s.mismatch(r, fmt.Sprintf("Content-Type = %q", ctype), want, rule)
	}
	cfg, err := decode(bytes.NewReader(r.body))
	if err != nil {
		return s.mismatch(r, fmt.Sprintf("the body does not decode as %s: %v", format, err), want, rule)
	}
	if cfg.Width != w || cfg.Height != h {
		return s.mismatch(r, fmt.Sprintf("a %d×%d image", cfg.Width, cfg.Height), want, rule)
	}
	return nil
}

// recreate replaces the server's container with a new one on the same
// database and uploads volume; only container targets can.
func (s *scenario) recreate(ctx context.Context) error {
	r, ok := s.run.opts.Target.(fixtures.Recreatable)
	if !ok {
		return s.notApplicableBecause("the " + s.run.server.Kind +
			" target does not run the server in a container")
	}
	if err := r.Recreate(ctx); err != nil {
		return setup(fmt.Errorf("recreate the server's container: %w", err))
	}
	return nil
}

// restart restarts the server; only targets that own it can.
func (s *scenario) restart(ctx context.Context) error {
	if !s.run.server.Restartable {
		return s.notApplicableBecause("the " + s.run.server.Kind + " target cannot restart the server")
	}
	if err := s.run.opts.Target.Restart(ctx); err != nil {
		return setup(fmt.Errorf("restart the server: %w", err))
	}
	return nil
}

// unwritableStorage starts, for this scenario only, a second server on
// the same database that also has a storage location named "unwritable"
// whose root cannot be written, and sends the scenario's requests to it.
// Only targets that start their servers can do this.
func (s *scenario) unwritableStorage(ctx context.Context) error {
	if s.run.opts.Phase != "" {
		return s.notApplicableBecause("a second server cannot be carried across an upgrade")
	}
	v, ok := s.run.opts.Target.(fixtures.Variants)
	if !ok {
		return s.notApplicableBecause("the " + s.run.server.Kind + " target cannot start a second server")
	}
	url, stop, err := v.StartVariant(ctx, v.UnwritableStorage())
	if err != nil {
		return setup(err)
	}
	s.session.OnRelease(func(context.Context) error { stop(); return nil })
	s.mu.Lock()
	s.base = url
	s.mu.Unlock()
	return s.rememberValue("unwritable", "unwritable storage")
}
