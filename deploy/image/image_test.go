package image

import (
	"archive/tar"
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// need fails under `make test-deploy` (NEWSWIRE_TEST_DEPLOY=1), which builds
// the images first, and under CI=true; elsewhere it skips, naming the make
// target. `make test` does not run TestServiceImages (mk/deploy.mk's
// DEPLOY_TESTS).
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("NEWSWIRE_TEST_DEPLOY") != "" || os.Getenv("CI") == "true" {
		t.Fatalf(format+" (`make test-deploy` builds them and runs this test)", args...)
	}
	t.Skipf(format+" (this test runs under `make test-deploy`, which builds them)", args...)
}

// TestServiceImages inspects the five images `make images` built.
func TestServiceImages(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_IMAGES")
	if dir == "" {
		dir = "../../bin/images/oci"
	}
	if _, err := os.Stat(filepath.Join(dir, "index.json")); err != nil {
		need(t, "no images at %s", dir)
	}
	images, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q) = %v", dir, err)
	}
	var names []string
	for _, im := range images {
		names = append(names, im.Name)
	}
	sort.Strings(names)
	if diff := cmp.Diff([]string{"fetcher", "newswire", "normalizer", "notify", "search", "sink", "story", "tagger"}, names); diff != "" {
		t.Errorf("images in %s (-want +got):\n%s", dir, diff)
	}
	for _, im := range images {
		t.Run(im.Name+"_"+strings.ReplaceAll(im.Platform, "/", "_"), func(t *testing.T) {
			if diff := cmp.Diff([]string{"/ko-app/" + im.Name}, im.Entrypoint); diff != "" {
				t.Errorf("entrypoint (-want +got):\n%s", diff)
			}
			if im.User != "65532" {
				t.Errorf("user = %q, want 65532 (nonroot)", im.User)
			}
			passwd, _, err := im.File("/etc/passwd")
			if err != nil || !bytes.Contains(passwd, []byte("\nnonroot:x:65532:65532:")) {
				t.Errorf("/etc/passwd = %q, %v; want the nonroot user 65532", passwd, err)
			}
			ca, _, err := im.File("/etc/ssl/certs/ca-certificates.crt")
			if err != nil || bytes.Count(ca, []byte("BEGIN CERTIFICATE")) < 50 {
				t.Errorf("CA bundle: %d certificates, %v; want Debian's bundle", bytes.Count(ca, []byte("BEGIN CERTIFICATE")), err)
			}
			bin, mode, err := im.File(im.Entrypoint[0])
			if err != nil {
				t.Fatalf("File(%q) = %v", im.Entrypoint[0], err)
			}
			if mode&0o111 == 0 {
				t.Errorf("%s mode %o is not executable", im.Entrypoint[0], mode)
			}
			f, err := elf.NewFile(bytes.NewReader(bin))
			if err != nil {
				t.Fatalf("%s is not an ELF binary: %v", im.Entrypoint[0], err)
			}
			for _, p := range f.Progs {
				if p.Type == elf.PT_INTERP {
					t.Errorf("%s has a program interpreter: not static (CGO_ENABLED=0)", im.Entrypoint[0])
				}
			}
			if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
				t.Errorf("%s links %v: not static", im.Entrypoint[0], libs)
			}
			if im.Platform != runtime.GOOS+"/"+runtime.GOARCH {
				return
			}
			out := runHelp(t, bin)
			wants := []string{"This service is configured by environment variables", strings.ToUpper(im.Name) + "_METRICS_ADDR"}
			if im.Name == "newswire" {
				// The operator's CLI: the Job newswire-streams runs streams apply.
				wants = []string{"streams apply"}
			}
			for _, want := range wants {
				if !strings.Contains(out, want) {
					t.Errorf("%s -h printed %q, want it to contain %q", im.Name, out, want)
				}
			}
		})
	}
}

// runHelp writes the binary out of the image and runs it with -h.
func runHelp(t *testing.T, bin []byte) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "app")
	if err := os.WriteFile(exe, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-h")
	cmd.Env = []string{"HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run %s -h: %v", exe, err)
	}
	return string(out)
}

// TestLoadAndFile checks Load and File on a layout made here, so the reader is
// tested even where no images were built.
func TestLoadAndFile(t *testing.T) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	files := map[string]string{"ko-app/demo": "#!binary", "etc/passwd": "nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n"}
	for _, name := range []string{"etc/passwd", "ko-app/demo"} {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(files[name])), Typeflag: tar.TypeReg})
		tw.Write([]byte(files[name]))
	}
	tw.Close()
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil })
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.AppendLayers(empty.Image, layer)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := img.ConfigFile()
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", "amd64"
	cf.Config.Entrypoint = []string{"/ko-app/demo"}
	cf.Config.User = "65532"
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := layout.Write(dir, mutate.AppendManifests(empty.Index, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{}})); err != nil {
		t.Fatal(err)
	}

	images, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q) = %v", dir, err)
	}
	if len(images) != 1 {
		t.Fatalf("Load(%q) = %d images, want 1", dir, len(images))
	}
	im := images[0]
	got := []string{im.Name, im.User, im.Platform}
	if diff := cmp.Diff([]string{"demo", "65532", "linux/amd64"}, got); diff != "" {
		t.Errorf("Load(%q) name, user, platform (-want +got):\n%s", dir, diff)
	}
	tests := []struct {
		path    string
		want    string
		wantErr error
	}{
		{"/etc/passwd", files["etc/passwd"], nil},
		{"/ko-app/demo", files["ko-app/demo"], nil},
		{"/etc/group", "", ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			b, _, err := im.File(tt.path)
			if !errors.Is(err, tt.wantErr) || string(b) != tt.want {
				t.Errorf("File(%q) = %q, %v, want %q, %v", tt.path, b, err, tt.want, tt.wantErr)
			}
		})
	}
}
