package deps

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/mwaanet/mwaanet/internal/inputfile"
)

// Pos is a place in a requirements or constraints file.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// ReqLine is one requirement of a requirements file.
type ReqLine struct {
	Req *Requirement
	Pos Pos
	// Wheel is set for a line naming a wheel file; WheelPath is its path in plugins.zip
	// ("" when the file is not under /usr/local/airflow/plugins).
	Wheel     *Wheel
	WheelPath string
	Raw       string
}

// Option is a pip option with its value and place.
type Option struct {
	Name  string
	Value string
	Pos   Pos
}

// ReqFile is a requirements file with the files it includes (-r) and the constraints
// (-c) it names.
type ReqFile struct {
	Requirements []*ReqLine
	Constraints  []*ReqLine
	NoIndex      *Option
	FindLinks    []Option
	IndexURLs    []Option // --index-url / --extra-index-url
	// UnreadConstraints are -c lines whose file could not be read here (a URL, a path in
	// the dags folder) and were not replaced by the constraints file given.
	UnreadConstraints []Option
	// ConstraintURLs are -c lines naming http(s) URLs (pip must download them).
	ConstraintURLs []Option
	Editables      []Option
	Other          []Option // options that do not change resolution (--pre is handled)
	Pre            bool
}

// PluginsDir is where MWAA unpacks plugins.zip on its workers.
const PluginsDir = "/usr/local/airflow/plugins"

// DagsDir is where MWAA syncs the DAG folder.
const DagsDir = "/usr/local/airflow/dags"

// FileSource reads the files a requirements file refers to.
type FileSource struct {
	// ReadLocal reads a file on this machine.
	ReadLocal func(path string) ([]byte, error)
	// Plugins, when not nil, serves paths under PluginsDir.
	Plugins *Plugins
	// Constraints replaces -c lines that cannot be read here (URL, dags folder), and is
	// applied when the file names no constraints. Name and Data; Name "" for none.
	ConstraintsName string
	ConstraintsData []byte
	// ConstraintsOnlyFor, when not "", limits the replacement of unreadable -c lines to
	// those naming exactly this URL (the constraints of MWAA's image stand only for
	// themselves); other -c lines stay unread.
	ConstraintsOnlyFor string
}

var (
	reqOptionSplit = regexp.MustCompile(`\s+--?[A-Za-z]`)
)

// ParseRequirementsFile parses a requirements file and what it includes. Errors are
// *ParseError with file:line.
func ParseRequirementsFile(name string, data []byte, src FileSource) (*ReqFile, error) {
	rf := &ReqFile{}
	if src.ReadLocal == nil {
		src.ReadLocal = ReadRequirementsFile
	}
	p := &reqParser{rf: rf, src: src, active: map[string]bool{}, done: map[string]bool{}}
	if err := p.parse(name, data, false, 0); err != nil {
		return nil, err
	}
	// MWAA (2.7.2 and later) adds a constraints file when the requirements name none; the
	// one given stands for it.
	if !p.sawConstraint && src.ConstraintsName != "" {
		if err := p.parse(src.ConstraintsName, src.ConstraintsData, true, 1); err != nil {
			return nil, err
		}
	}
	return rf, nil
}

// ParseError is an error in a requirements or constraints file.
type ParseError struct {
	Pos Pos
	Msg string
}

func (e *ParseError) Error() string { return e.Pos.String() + ": " + e.Msg }

// Bounds on what one requirements file may pull in with -r and -c: every file is parsed
// once however often it is included (a diamond of includes costs its size, not the number
// of paths through it), and the files read in all stay within these budgets.
const (
	// MaxIncludedFiles is how many distinct files a requirements file may include in all.
	MaxIncludedFiles = 1000
	// MaxIncludedBytes is how many bytes the requirements file and everything it includes
	// may hold together (each file on its own is limited to inputfile.MaxRequirements).
	MaxIncludedBytes = 4 * inputfile.MaxRequirements
	// maxIncludeDepth bounds the nesting of -r/-c (pip has no limit; this keeps the stack
	// small whatever the input).
	maxIncludeDepth = 32
)

type reqParser struct {
	rf  *ReqFile
	src FileSource
	// active are the files being parsed (an include of one is a cycle); done the files
	// parsed already, by "r:"/"c:" and cleaned path (an include of one adds nothing new).
	active               map[string]bool
	done                 map[string]bool
	files                int
	bytes                int64
	sawConstraint        bool
	usedGivenConstraints bool
}

type logicalLine struct {
	text string
	line int
}

// logicalLines splits a requirements file into its logical lines: physical lines joined
// where one ends in a backslash, comments removed, blank lines dropped. It runs in time
// linear in the size of data (a line continued a million times is built once).
func logicalLines(data []byte) []logicalLine {
	var out []logicalLine
	text := string(data)
	var b strings.Builder
	lineNo := 0
	for len(text) > 0 {
		start := lineNo + 1
		b.Reset()
		for {
			lineNo++
			var line string
			if i := strings.IndexByte(text, '\n'); i >= 0 {
				line, text = text[:i], text[i+1:]
			} else {
				line, text = text, ""
			}
			line = strings.TrimSuffix(line, "\r")
			if strings.HasSuffix(line, "\\") && len(text) > 0 {
				b.WriteString(line[:len(line)-1])
				continue
			}
			b.WriteString(strings.TrimSuffix(line, "\\"))
			break
		}
		t := stripComment(b.String())
		t = strings.TrimSpace(t)
		if t != "" {
			out = append(out, logicalLine{t, start})
		}
	}
	return out
}

// stripComment removes a comment: a # at the start of the line or after whitespace, to
// the end of the line (as pip's COMMENT_RE).
func stripComment(t string) string {
	for i := 0; i < len(t); i++ {
		if t[i] == '#' && (i == 0 || t[i-1] == ' ' || t[i-1] == '\t') {
			return strings.TrimRight(t[:i], " \t")
		}
	}
	return t
}

func (p *reqParser) parse(name string, data []byte, constraint bool, depth int) error {
	if depth > maxIncludeDepth {
		return &ParseError{Pos{name, 0}, fmt.Sprintf("requirements files nest more than %d deep", maxIncludeDepth)}
	}
	key := "r:" + name
	if constraint {
		key = "c:" + name
	}
	if p.active[name] {
		return &ParseError{Pos{name, 0}, "requirements file includes itself"}
	}
	if p.done[key] {
		return nil // parsed already: its lines are in the result once, as pip's are in effect
	}
	p.files++
	p.bytes += int64(len(data))
	if p.files > MaxIncludedFiles {
		return &ParseError{Pos{name, 0}, fmt.Sprintf("more than %d requirements files included in all: refusing to read more", MaxIncludedFiles)}
	}
	if p.bytes > MaxIncludedBytes {
		return &ParseError{Pos{name, 0}, fmt.Sprintf("the requirements files included hold more than %s in all: refusing to read more", inputfile.FormatSize(MaxIncludedBytes))}
	}
	data = decodeBOM(data)
	if i := bytes.IndexByte(data, 0); i >= 0 {
		// A text file has no NUL byte; a binary or /proc file does. Say where, quote nothing.
		return &ParseError{Pos{name, 1 + bytes.Count(data[:i], []byte{'\n'})}, "a NUL byte: this is not a text file, so not a requirements file"}
	}
	p.active[name] = true
	defer delete(p.active, name)
	p.done[key] = true
	for _, ll := range logicalLines(data) {
		pos := Pos{name, ll.line}
		if strings.HasPrefix(ll.text, "-") {
			if err := p.option(pos, ll.text, constraint, depth); err != nil {
				return err
			}
			continue
		}
		if err := p.requirement(pos, ll.text, constraint); err != nil {
			return err
		}
	}
	return nil
}

func (p *reqParser) option(pos Pos, text string, constraint bool, depth int) error {
	fields, err := shellSplit(text)
	if err != nil {
		return &ParseError{pos, err.Error()}
	}
	opt, val := fields[0], ""
	if i := strings.IndexByte(opt, '='); i > 0 && strings.HasPrefix(opt, "--") {
		opt, val = opt[:i], opt[i+1:]
	} else if len(opt) > 2 && opt[1] != '-' {
		opt, val = opt[:2], opt[2:]
	} else if len(fields) > 1 {
		val = fields[1]
	}
	needs := func() error {
		if val == "" {
			return &ParseError{pos, fmt.Sprintf("option %s needs a value", opt)}
		}
		return nil
	}
	switch opt {
	case "-r", "--requirement", "-c", "--constraint":
		if err := needs(); err != nil {
			return err
		}
		isC := opt == "-c" || opt == "--constraint"
		return p.include(pos, val, constraint || isC, isC, depth)
	case "--no-index":
		p.rf.NoIndex = &Option{Name: opt, Pos: pos}
	case "-f", "--find-links":
		if err := needs(); err != nil {
			return err
		}
		p.rf.FindLinks = append(p.rf.FindLinks, Option{opt, val, pos})
	case "-i", "--index-url", "--extra-index-url":
		if err := needs(); err != nil {
			return err
		}
		p.rf.IndexURLs = append(p.rf.IndexURLs, Option{opt, val, pos})
	case "-e", "--editable":
		p.rf.Editables = append(p.rf.Editables, Option{opt, val, pos})
	case "--pre":
		p.rf.Pre = true
	case "--prefer-binary", "--only-binary", "--no-binary", "--trusted-host", "--use-feature", "--require-hashes", "--no-deps", "--no-build-isolation", "--upgrade", "-U":
		p.rf.Other = append(p.rf.Other, Option{opt, val, pos})
	default:
		return &ParseError{pos, fmt.Sprintf("unknown pip option %s: expected a requirement or one of -r, -c, --no-index, --find-links, --index-url, --extra-index-url, --pre, -e", quote(opt))}
	}
	return nil
}

func (p *reqParser) include(pos Pos, target string, constraint, isC bool, depth int) error {
	if isC {
		p.sawConstraint = true
	}
	switch {
	case strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://"):
		if isC {
			p.rf.ConstraintURLs = append(p.rf.ConstraintURLs, Option{"--constraint", target, pos})
			return p.unread(pos, target, depth)
		}
		return &ParseError{pos, fmt.Sprintf("cannot read the requirements file %s: URLs are not fetched; download it and pass a local path", quote(target))}
	case strings.HasPrefix(target, PluginsDir+"/"):
		rel := path.Clean(strings.TrimPrefix(target, PluginsDir+"/"))
		if p.src.Plugins == nil {
			return &ParseError{pos, fmt.Sprintf("%s is in plugins.zip, which was not given", quote(target))}
		}
		f, ok := p.src.Plugins.Other[rel]
		if !ok {
			return &ParseError{pos, fmt.Sprintf("%s: no %s in %s", quote(target), quote(rel), p.src.Plugins.Path)}
		}
		data, err := readZipEntry(f, inputfile.MaxRequirements)
		if err != nil {
			return &ParseError{pos, fmt.Sprintf("%s: %v", quote(target), err)}
		}
		return p.parse(p.src.Plugins.Path+":"+rel, data, constraint, depth+1)
	case strings.HasPrefix(target, DagsDir+"/") || (strings.HasPrefix(target, "/usr/local/airflow/") && isC):
		if isC {
			return p.unread(pos, target, depth)
		}
		return &ParseError{pos, fmt.Sprintf("cannot read %s here: it is on the MWAA workers; give a local copy", quote(target))}
	}
	local := target
	if !filepath.IsAbs(local) {
		local = filepath.Join(filepath.Dir(pos.File), local)
	}
	local = filepath.Clean(local)
	if p.active[local] {
		return &ParseError{pos, fmt.Sprintf("%s includes a file that includes it (%s)", quote(target), quote(local))}
	}
	if p.done["r:"+local] && !constraint || p.done["c:"+local] && constraint {
		return nil // read and parsed already
	}
	data, err := p.src.ReadLocal(local)
	if err != nil {
		return &ParseError{pos, fmt.Sprintf("cannot read %s: %s", quote(target), readErrText(err))}
	}
	return p.parse(local, data, constraint, depth+1)
}

// unread handles a -c line this machine cannot read: the given constraints file takes its
// place, else it is recorded.
func (p *reqParser) unread(pos Pos, target string, depth int) error {
	if p.src.ConstraintsName != "" && (p.src.ConstraintsOnlyFor == "" || p.src.ConstraintsOnlyFor == target) {
		if p.usedGivenConstraints {
			return nil
		}
		p.usedGivenConstraints = true
		return p.parse(p.src.ConstraintsName, p.src.ConstraintsData, true, depth+1)
	}
	p.rf.UnreadConstraints = append(p.rf.UnreadConstraints, Option{"--constraint", target, pos})
	return nil
}

func (p *reqParser) requirement(pos Pos, text string, constraint bool) error {
	reqText := text
	if loc := reqOptionSplit.FindStringIndex(text); loc != nil {
		reqText = strings.TrimSpace(text[:loc[0]])
		for _, f := range strings.Fields(text[loc[0]:]) {
			if strings.HasPrefix(f, "-") && !strings.HasPrefix(f, "--hash") && !strings.HasPrefix(f, "--config-settings") && !strings.HasPrefix(f, "--global-option") && !strings.HasPrefix(f, "--install-option") {
				return &ParseError{pos, fmt.Sprintf("option %s is not allowed after a requirement", quote(f))}
			}
		}
	}
	rl := &ReqLine{Pos: pos, Raw: reqText}
	if isPathOrURL(reqText) {
		target, marker := reqText, ""
		if i := strings.Index(reqText, " ;"); i >= 0 {
			target, marker = strings.TrimSpace(reqText[:i]), reqText[i+2:]
		} else if i := strings.Index(reqText, "; "); i >= 0 {
			target, marker = strings.TrimSpace(reqText[:i]), reqText[i+2:]
		}
		target = strings.TrimPrefix(target, "file://")
		w, err := ParseWheelFilename(target)
		if err != nil {
			return &ParseError{pos, fmt.Sprintf("%s: only wheel files can be named by path here: %v", quote(target), err)}
		}
		req := &Requirement{Name: w.Name, Canonical: w.Canonical, Text: reqText}
		sp, _ := ParseSpecifier("===" + w.VersionText)
		req.Specifier = SpecifierSet{sp}
		if marker != "" {
			mk, err := ParseMarker(marker)
			if err != nil {
				return &ParseError{pos, err.Error()}
			}
			req.Marker = mk
		}
		rl.Req, rl.Wheel = req, w
		if strings.HasPrefix(target, PluginsDir+"/") {
			rl.WheelPath = path.Clean(strings.TrimPrefix(target, PluginsDir+"/"))
		}
	} else {
		req, err := ParseRequirement(reqText)
		if err != nil {
			return &ParseError{pos, err.Error()}
		}
		rl.Req = req
		// "name @ file:///usr/local/airflow/plugins/x.whl" names a wheel of plugins.zip.
		if u := strings.TrimPrefix(req.URL, "file://"); u != req.URL && strings.HasSuffix(strings.ToLower(u), ".whl") {
			w, err := ParseWheelFilename(u)
			if err != nil {
				return &ParseError{pos, err.Error()}
			}
			if w.Canonical != req.Canonical {
				return &ParseError{pos, fmt.Sprintf("%s names the wheel of %s", req.Name, w.Name)}
			}
			sp, _ := ParseSpecifier("===" + w.VersionText)
			req.URL, req.Specifier = "", SpecifierSet{sp}
			rl.Wheel = w
			if strings.HasPrefix(u, PluginsDir+"/") {
				rl.WheelPath = path.Clean(strings.TrimPrefix(u, PluginsDir+"/"))
			}
		}
	}
	if constraint {
		if rl.Req.URL != "" || len(rl.Req.Extras) > 0 {
			return &ParseError{pos, "a constraint must be a plain name with a version specifier (no extras, no URL)"}
		}
		p.rf.Constraints = append(p.rf.Constraints, rl)
	} else {
		p.rf.Requirements = append(p.rf.Requirements, rl)
	}
	return nil
}

var directURLRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*@`)

// isPathOrURL tells a line naming a file ("./x.whl", "/usr/.../x.whl", "https://...")
// from a PEP 508 requirement (including "name @ URL").
func isPathOrURL(s string) bool {
	if directURLRE.MatchString(s) {
		return false
	}
	first := strings.Fields(s)[0]
	if strings.HasPrefix(first, ".") || strings.HasPrefix(first, "/") || strings.HasPrefix(first, "file:") || strings.Contains(first, "://") {
		return true
	}
	return strings.HasSuffix(strings.ToLower(first), ".whl")
}

// shellSplit splits an option line as pip does (shlex): whitespace, single and double
// quotes.
func shellSplit(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("unclosed quote %c", c)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty option")
	}
	return out, nil
}

// decodeBOM returns data as UTF-8 when it starts with a byte-order mark, as pip reads
// requirements files (auto_decode): UTF-8 with a BOM loses it, UTF-16 (what some Windows
// editors save) is decoded. Anything else is returned as it is.
func decodeBOM(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		return data[3:]
	case len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff):
		be := data[0] == 0xfe
		data = data[2:]
		u := make([]uint16, 0, len(data)/2)
		for i := 0; i+1 < len(data); i += 2 {
			if be {
				u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
			} else {
				u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
			}
		}
		return []byte(string(utf16.Decode(u)))
	}
	return data
}
