package deps

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/inputfile"
)

// Wheel is a .whl file in plugins.zip: its file name tags and its METADATA.
type Wheel struct {
	Path        string // path inside plugins.zip
	Dir         string // directory inside plugins.zip ("" for the top)
	File        string // base name
	Name        string // distribution name from the file name
	Canonical   string
	VersionText string
	Version     Version
	Build       string
	Tags        []Tag
	Meta        *Metadata
}

// Tag is one compatibility tag triple.
type Tag struct{ Python, ABI, Platform string }

func (t Tag) String() string { return t.Python + "-" + t.ABI + "-" + t.Platform }

// Metadata is the part of a wheel's METADATA the resolver needs.
type Metadata struct {
	Name           string
	Version        string
	RequiresDist   []*Requirement
	RequiresPython SpecifierSet
	ProvidesExtra  []string
}

// ParseWheelFilename splits "name-version(-build)?-python-abi-platform.whl" and expands
// compressed tag sets ("py2.py3-none-any").
func ParseWheelFilename(file string) (*Wheel, error) {
	base := path.Base(file)
	if !strings.HasSuffix(strings.ToLower(base), ".whl") {
		return nil, fmt.Errorf("%s is not a wheel file name: expected a .whl suffix", base)
	}
	parts := strings.Split(base[:len(base)-4], "-")
	if len(parts) != 5 && len(parts) != 6 {
		return nil, fmt.Errorf("%s is not a wheel file name: expected name-version[-build]-python-abi-platform.whl", base)
	}
	w := &Wheel{Path: file, File: base, Name: parts[0], VersionText: parts[1]}
	if d := path.Dir(file); d != "." {
		w.Dir = d
	}
	w.Canonical = NormalizeName(w.Name)
	v, err := ParseVersion(w.VersionText)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", base, err)
	}
	w.Version = v
	if len(parts) == 6 {
		w.Build = parts[2]
		if w.Build == "" || w.Build[0] < '0' || w.Build[0] > '9' {
			return nil, fmt.Errorf("%s: build tag %s must start with a digit", base, quote(w.Build))
		}
	}
	n := len(parts)
	for _, py := range strings.Split(parts[n-3], ".") {
		for _, abi := range strings.Split(parts[n-2], ".") {
			for _, plat := range strings.Split(parts[n-1], ".") {
				w.Tags = append(w.Tags, Tag{strings.ToLower(py), strings.ToLower(abi), strings.ToLower(plat)})
			}
		}
	}
	return w, nil
}

// SupportedOn reports whether any of the wheel's tags installs on p.
func (w *Wheel) SupportedOn(p Platform) bool {
	for _, t := range w.Tags {
		if p.TagSupported(t.Python, t.ABI, t.Platform) {
			return true
		}
	}
	return false
}

// PlatformTags lists the wheel's distinct platform tags, sorted.
func (w *Wheel) PlatformTags() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range w.Tags {
		if !seen[t.Platform] {
			seen[t.Platform] = true
			out = append(out, t.Platform)
		}
	}
	sort.Strings(out)
	return out
}

// Plugins is what plugins.zip holds.
type Plugins struct {
	Path   string
	Wheels []*Wheel
	// Sdists are source distributions (.tar.gz, .zip inside the zip): pip can only build
	// them when the build backend is available without an index.
	Sdists []string
	// Other are the other files, by path inside the zip (constraints files, plugins).
	Other map[string]*zip.File
}

// ErrUnreadable marks input that cannot be read at all (exit 2).
var ErrUnreadable = errors.New("unreadable input")

// ReadPlugins reads plugins.zip: every wheel's file name and METADATA.
func ReadPlugins(name string, r io.ReaderAt, size int64) (*Plugins, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: not a zip archive: %v", ErrUnreadable, name, err)
	}
	p := &Plugins{Path: name, Other: map[string]*zip.File{}}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || strings.HasPrefix(path.Base(f.Name), "._") || strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		lower := strings.ToLower(f.Name)
		switch {
		case strings.HasSuffix(lower, ".whl"):
			w, err := ParseWheelFilename(f.Name)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrUnreadable, name, err)
			}
			if err := readWheelMetadata(name, f, w); err != nil {
				return nil, err
			}
			p.Wheels = append(p.Wheels, w)
		case strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tar.bz2") || strings.HasSuffix(lower, ".zip") || strings.HasSuffix(lower, ".tgz"):
			p.Sdists = append(p.Sdists, f.Name)
		default:
			p.Other[f.Name] = f
		}
	}
	sort.Slice(p.Wheels, func(i, j int) bool { return p.Wheels[i].Path < p.Wheels[j].Path })
	sort.Strings(p.Sdists)
	return p, nil
}

const maxWheelBytes = 512 << 20

func readWheelMetadata(zipName string, f *zip.File, w *Wheel) error {
	where := zipName + ": " + f.Name
	if f.UncompressedSize64 > maxWheelBytes {
		return fmt.Errorf("%w: %s: wheel larger than %d MiB", ErrUnreadable, where, maxWheelBytes>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnreadable, where, err)
	}
	data, err := io.ReadAll(io.LimitReader(rc, maxWheelBytes+1))
	rc.Close()
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnreadable, where, err)
	}
	wz, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: %s: not a valid wheel (zip): %v", ErrUnreadable, where, err)
	}
	var meta *zip.File
	for _, e := range wz.File {
		dir, file := path.Split(e.Name)
		if file != "METADATA" || strings.Count(e.Name, "/") != 1 || !strings.HasSuffix(dir, ".dist-info/") {
			continue
		}
		distName := strings.TrimSuffix(dir, ".dist-info/")
		if i := strings.LastIndexByte(distName, '-'); i > 0 && NormalizeName(distName[:i]) == w.Canonical {
			meta = e
			break
		}
		if meta == nil {
			meta = e
		}
	}
	if meta == nil {
		return fmt.Errorf("%w: %s: no *.dist-info/METADATA in the wheel", ErrUnreadable, where)
	}
	data, err = readZipEntry(meta, inputfile.MaxRequirements)
	if err != nil {
		return fmt.Errorf("%w: %s: %s: %v", ErrUnreadable, where, meta.Name, err)
	}
	m, err := ParseMetadata(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%w: %s: %s:%v", ErrUnreadable, where, meta.Name, err)
	}
	w.Meta = m
	return nil
}

// ParseMetadata reads the header fields of a core metadata file (METADATA, PKG-INFO).
// Errors start with the line number. It runs in time linear in its input however many
// continuation lines a field has, and reads at most inputfile.MaxRequirements bytes.
func ParseMetadata(r io.Reader) (*Metadata, error) {
	m := &Metadata{}
	sc := bufio.NewScanner(io.LimitReader(r, inputfile.MaxRequirements+1))
	sc.Buffer(make([]byte, 64<<10), int(inputfile.MaxRequirements)+1)
	type field struct {
		key   string
		parts []string // the value's first line and its continuation lines
		line  int
	}
	var fields []field
	line, read := 0, int64(0)
	for sc.Scan() {
		line++
		read += int64(len(sc.Bytes())) + 1
		if read > inputfile.MaxRequirements+1 {
			return nil, fmt.Errorf("%d: METADATA larger than the %s limit", line, inputfile.FormatSize(inputfile.MaxRequirements))
		}
		t := strings.TrimRight(sc.Text(), "\r")
		if t == "" {
			break // the body (description) follows
		}
		if t[0] == ' ' || t[0] == '\t' {
			if len(fields) > 0 {
				last := &fields[len(fields)-1]
				last.parts = append(last.parts, strings.TrimSpace(t))
			}
			continue
		}
		i := strings.IndexByte(t, ':')
		if i <= 0 {
			return nil, fmt.Errorf("%d: %s is not a 'Field: value' header line", line, quote(t))
		}
		fields = append(fields, field{t[:i], []string{strings.TrimSpace(t[i+1:])}, line})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%d: a line longer than the %s limit", line+1, inputfile.FormatSize(inputfile.MaxRequirements))
		}
		return nil, fmt.Errorf("%d: %v", line, err)
	}
	for _, f := range fields {
		key := strings.ToLower(f.key)
		switch key {
		case "name", "version", "requires-dist", "requires-python", "provides-extra":
		default:
			continue // the value of a field not read here is never built
		}
		f := struct {
			value string
			line  int
		}{strings.Join(f.parts, "\n"), f.line}
		switch key {
		case "name":
			m.Name = f.value
		case "version":
			m.Version = f.value
		case "requires-dist":
			req, err := ParseRequirement(f.value)
			if err != nil {
				return nil, fmt.Errorf("%d: Requires-Dist: %v", f.line, err)
			}
			m.RequiresDist = append(m.RequiresDist, req)
		case "requires-python":
			set, err := ParseSpecifierSet(f.value)
			if err != nil {
				return nil, fmt.Errorf("%d: Requires-Python: %v", f.line, err)
			}
			m.RequiresPython = set
		case "provides-extra":
			m.ProvidesExtra = append(m.ProvidesExtra, NormalizeName(f.value))
		}
	}
	if m.Name == "" || m.Version == "" {
		return nil, fmt.Errorf("%d: no Name or Version header", line)
	}
	return m, nil
}
