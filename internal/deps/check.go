package deps

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/mwaaversions"
)

// Requirement ID every finding of this package cites.
const RequirementID = "PRV-08"

// Options are the inputs of Check.
type Options struct {
	RequirementsName string
	RequirementsData []byte
	// Plugins is plugins.zip as read by ReadPlugins; nil when none is given.
	Plugins *Plugins
	// AirflowVersion selects MWAA's Python and platform ("" for DefaultAirflowVersion);
	// PythonVersion overrides the Python ("3.11.9").
	AirflowVersion string
	PythonVersion  string
	// ConstraintsName/Data: a local copy of the constraints file the requirements name
	// by URL or in the dags folder (or the one MWAA adds when they name none).
	ConstraintsName string
	ConstraintsData []byte
	// InstalledName/Data: `pip freeze` output of the environment's image (name==version
	// lines); apache-airflow at AirflowVersion is always taken as installed.
	InstalledName string
	InstalledData []byte
	// BareImage takes only apache-airflow as installed, not the other packages of MWAA's
	// image, and applies no constraints of the image (for comparing with pip in an empty
	// environment).
	BareImage bool
	// Routing is "private" (default: no index reachable) or "public".
	Routing string
	// ReadLocal reads files included with -r/-c by relative path.
	ReadLocal func(string) ([]byte, error)
}

// Pin is one project of the resolved closure.
type Pin struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	From    string `json:"from"` // the wheel's path in plugins.zip, or "installed"
}

// Report is the result of Check.
type Report struct {
	Platform    Platform        `json:"-"`
	Findings    []model.Finding `json:"-"`
	Resolved    []Pin           `json:"-"`
	PipDownload string          `json:"-"`
	// Checked is false when the closure was not resolved (public routing without
	// --no-index: pip reaches PyPI for the rest).
	Checked bool `json:"-"`
}

// HasErrors reports whether any finding is an error.
func (r *Report) HasErrors() bool {
	for _, f := range r.Findings {
		if f.Severity == model.SeverityError {
			return true
		}
	}
	return false
}

// Check reads the requirements and plugins.zip and resolves the closure for MWAA.
// Unreadable or invalid input is returned as an error (a *ParseError with file:line, or an
// error wrapping ErrUnreadable); everything else is a finding.
func Check(opts Options) (*Report, error) {
	if opts.AirflowVersion == "" {
		opts.AirflowVersion = DefaultAirflowVersion
	}
	if opts.Routing == "" {
		opts.Routing = model.RoutingPrivate
	}
	if opts.Routing != model.RoutingPrivate && opts.Routing != model.RoutingPublic {
		return nil, fmt.Errorf("routing %s is not one of public, private", quote(opts.Routing))
	}
	plat, err := PlatformFor(opts.AirflowVersion, opts.PythonVersion)
	if err != nil {
		return nil, err
	}
	image, _ := mwaaversions.Lookup(opts.AirflowVersion)
	src := FileSource{
		ReadLocal: opts.ReadLocal, Plugins: opts.Plugins,
		ConstraintsName: opts.ConstraintsName, ConstraintsData: opts.ConstraintsData,
	}
	// MWAA (2.7.2 and later) applies the Airflow constraints of the image when the
	// requirements name none; a -c line naming that very URL reads the same file.
	imageConstraints := !opts.BareImage && opts.ConstraintsName == "" && image.Packages && image.AppliesConstraints
	if imageConstraints {
		src.ConstraintsName, src.ConstraintsData, src.ConstraintsOnlyFor = image.ConstraintsURL, pinsText(image.Constraints), image.ConstraintsURL
	}
	rf, err := ParseRequirementsFile(opts.RequirementsName, opts.RequirementsData, src)
	if err != nil {
		return nil, err
	}
	if imageConstraints {
		for _, cr := range rf.Constraints {
			if cr.Pos.File == image.ConstraintsURL {
				cr.Pos.Line = 0 // a line of our copy, not of the published file
			}
		}
	}
	installed, err := parseInstalled(opts.InstalledName, opts.InstalledData)
	if err != nil {
		return nil, err
	}
	c := &checker{opts: opts, plat: plat, rf: rf, rep: &Report{Platform: plat}}
	if imageConstraints {
		c.imageConstraintsURL = image.ConstraintsURL
	}
	c.imageFindings(image)
	if opts.InstalledData == nil && !opts.BareImage && image.Packages {
		// What the image has needs no wheel: its packages count as installed.
		installed = imageInstalled(image)
	}
	c.routing()
	findDirs := c.findLinkDirs()
	avail := c.candidates(findDirs, installed)
	private := opts.Routing == model.RoutingPrivate
	if private || rf.NoIndex != nil {
		c.resolve(avail)
	} else {
		c.add("PRV-08/not-resolved", model.SeverityInfo, "", Pos{File: opts.RequirementsName}, "public routing without --no-index: pip installs what plugins.zip lacks from PyPI through the NAT gateways, so the closure is not checked against plugins.zip", "")
	}
	model.SortFindings(c.rep.Findings)
	return c.rep, nil
}

type checker struct {
	opts     Options
	plat     Platform
	rf       *ReqFile
	rep      *Report
	rejected map[string][]string // name -> reasons its wheels cannot be used
	// imageConstraintsURL is the constraints file of MWAA's image when it applies.
	imageConstraintsURL string
}

func (c *checker) add(rule string, sev model.Severity, pkg string, pos Pos, msg, fix string) {
	c.rep.Findings = append(c.rep.Findings, model.Finding{
		Rule: rule, Requirement: RequirementID, Severity: sev, Resource: pkg,
		Source: model.Source{File: pos.File, Line: pos.Line}, Message: msg, Fix: fix,
	})
}

// imageFindings reports a version MWAA no longer creates environments with, and a version
// whose image's packages mwaanet does not know (so only apache-airflow counts as there).
func (c *checker) imageFindings(image mwaaversions.Version) {
	pos := Pos{File: c.opts.RequirementsName}
	if image.Status == mwaaversions.Retired {
		c.add("PRV-08/version-retired", model.SeverityError, "apache-airflow", pos,
			(&mwaaversions.RetiredError{Version: image}).Error(), "use --airflow-version "+mwaaversions.Default()+" (the newest MWAA offers)")
	}
	if c.opts.BareImage || c.opts.InstalledData != nil || image.Packages {
		return
	}
	c.add("PRV-08/image-unknown", model.SeverityWarning, "", pos,
		fmt.Sprintf("the packages of MWAA's image for Airflow %s are not embedded in mwaanet: only apache-airflow is taken as installed, so requirements the image already satisfies are reported missing and its constraints are not applied", image.Airflow),
		"pass --installed with pip freeze output from the environment, and --constraints with the constraints file of its Airflow version")
}

// imageInstalled lists the packages of MWAA's image as installed candidates.
func imageInstalled(image mwaaversions.Version) []*Candidate {
	names := make([]string, 0, len(image.Installed))
	for n := range image.Installed {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*Candidate
	for _, n := range names {
		raw := image.Installed[n]
		v, err := ParseVersion(raw)
		if err != nil || n == "apache-airflow" {
			continue // apache-airflow is added from the platform; the data is tested to parse
		}
		out = append(out, &Candidate{Name: NormalizeName(n), Version: v, Raw: raw, Installed: true})
	}
	return out
}

// pinsText renders name -> version as constraints lines, sorted.
func pinsText(pins map[string]string) []byte {
	names := make([]string, 0, len(pins))
	for n := range pins {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n + "==" + pins[n] + "\n")
	}
	return []byte(b.String())
}

// routing reports what would make pip reach for an index or the network.
func (c *checker) routing() {
	rf, name := c.rf, c.opts.RequirementsName
	if len(rf.Requirements) == 0 {
		return // pip installs nothing, so it reaches for no index
	}
	private := c.opts.Routing == model.RoutingPrivate
	sev := model.SeverityWarning
	if private {
		sev = model.SeverityError
	}
	if private && rf.NoIndex == nil {
		c.add("PRV-08/no-index", model.SeverityError, "", Pos{File: name, Line: 1},
			"no --no-index line: pip will try to reach PyPI, which private routing cannot; the install times out and the environment's requirements fail",
			"add --no-index as the first line")
	}
	pluginsLink := false
	for _, fl := range rf.FindLinks {
		v := strings.TrimPrefix(fl.Value, "file://")
		if v == PluginsDir || strings.HasPrefix(v, PluginsDir+"/") {
			pluginsLink = true
			continue
		}
		if private {
			c.add("PRV-08/find-links-unreachable", model.SeverityError, "", fl.Pos,
				fmt.Sprintf("--find-links %s is not in plugins.zip (%s): with private routing pip cannot reach it", excerpt(fl.Value), PluginsDir),
				"ship the wheels in plugins.zip and use --find-links "+PluginsDir)
		}
	}
	if private && !pluginsLink {
		c.add("PRV-08/find-links", model.SeverityError, "", Pos{File: name, Line: 1},
			"no --find-links "+PluginsDir+" line: pip has nowhere to find the wheels shipped in plugins.zip",
			"add --find-links "+PluginsDir)
	}
	for _, ix := range rf.IndexURLs {
		c.add("PRV-08/index-url", sev, "", ix.Pos,
			fmt.Sprintf("%s %s: a package index is not reachable without internet", ix.Name, excerpt(ix.Value)),
			"remove it; install from wheels in plugins.zip with --no-index --find-links "+PluginsDir)
	}
	for _, u := range rf.ConstraintURLs {
		if private {
			c.add("PRV-08/constraints-url", model.SeverityError, "", u.Pos,
				fmt.Sprintf("the constraints file %s is downloaded by pip, which private routing cannot", excerpt(u.Value)),
				"put the constraints file in the dags folder or plugins.zip and name it as "+DagsDir+"/constraints.txt (or "+PluginsDir+"/...)")
		}
	}
	for _, u := range rf.UnreadConstraints {
		c.add("PRV-08/constraints-not-read", model.SeverityInfo, "", u.Pos,
			fmt.Sprintf("constraints %s were not applied here (not readable from this machine)", excerpt(u.Value)),
			"pass a local copy with --constraints FILE")
	}
	for _, e := range rf.Editables {
		c.add("PRV-08/editable", sev, "", e.Pos, fmt.Sprintf("editable requirement %s needs a source tree and a build backend", excerpt(e.Value)), "build a wheel and ship it in plugins.zip")
	}
	for _, rl := range rf.Requirements {
		if rl.Req.URL != "" && !strings.HasPrefix(rl.Req.URL, "file:") {
			c.add("PRV-08/url-requirement", sev, rl.Req.Canonical, rl.Pos,
				fmt.Sprintf("%s is fetched from %s, which private routing cannot reach", excerpt(rl.Req.Name), excerpt(rl.Req.URL)),
				"ship the wheel in plugins.zip and require it by name")
		}
	}
}

// findLinkDirs maps the --find-links lines under PluginsDir to directories inside
// plugins.zip ("" for its top).
func (c *checker) findLinkDirs() map[string]bool {
	dirs := map[string]bool{}
	for _, fl := range c.rf.FindLinks {
		v := strings.TrimSuffix(strings.TrimPrefix(fl.Value, "file://"), "/")
		if v == PluginsDir {
			dirs[""] = true
		} else if strings.HasPrefix(v, PluginsDir+"/") {
			dirs[path.Clean(strings.TrimPrefix(v, PluginsDir+"/"))] = true
		}
	}
	return dirs
}

// candidates builds the installable versions: compatible wheels in the find-links
// directories (and wheels named by path), plus the installed projects.
func (c *checker) candidates(findDirs map[string]bool, installed []*Candidate) map[string][]*Candidate {
	avail := map[string][]*Candidate{}
	c.rejected = map[string][]string{}
	airflow := &Candidate{Name: "apache-airflow", Version: MustVersion(c.plat.Airflow), Raw: c.plat.Airflow, Installed: true}
	avail[airflow.Name] = append(avail[airflow.Name], airflow)
	for _, ic := range installed {
		avail[ic.Name] = append(avail[ic.Name], ic)
	}
	if c.opts.Plugins == nil {
		return avail
	}
	named := map[string]bool{}
	for _, rl := range c.rf.Requirements {
		if rl.Wheel == nil {
			continue
		}
		if rl.WheelPath == "" {
			c.add("PRV-08/wheel-path", model.SeverityError, rl.Req.Canonical, rl.Pos,
				fmt.Sprintf("%s is not under %s: MWAA's workers only have the files of plugins.zip there", excerpt(rl.Raw), PluginsDir), "")
			continue
		}
		found := false
		for _, w := range c.opts.Plugins.Wheels {
			if w.Path == rl.WheelPath {
				found = true
			}
		}
		if !found {
			c.add("PRV-08/wheel-path", model.SeverityError, rl.Req.Canonical, rl.Pos,
				fmt.Sprintf("%s names %s, which plugins.zip does not contain", excerpt(rl.Raw), excerpt(rl.WheelPath)), "")
		}
		named[rl.WheelPath] = true
	}
	for _, w := range c.opts.Plugins.Wheels {
		pos := Pos{File: c.opts.Plugins.Path + ":" + w.Path}
		if w.Meta != nil && (NormalizeName(w.Meta.Name) != w.Canonical || !versionsEqual(w.Meta.Version, w.VersionText)) {
			c.add("PRV-08/metadata-mismatch", model.SeverityError, w.Canonical, pos,
				fmt.Sprintf("%s: METADATA says %s %s, the file name %s %s; pip refuses the wheel", w.File, w.Meta.Name, w.Meta.Version, w.Name, w.VersionText), "rebuild the wheel")
			c.rejected[w.Canonical] = append(c.rejected[w.Canonical], w.File+": metadata does not match the file name")
			continue
		}
		if !w.SupportedOn(c.plat) {
			c.rejected[w.Canonical] = append(c.rejected[w.Canonical], fmt.Sprintf("%s: platform tags %s do not install on %s", w.File, strings.Join(w.PlatformTags(), ","), c.plat.Describe()))
			continue
		}
		if w.Meta != nil && len(w.Meta.RequiresPython) > 0 && !w.Meta.RequiresPython.Contains(MustVersion(c.plat.Python), c.plat.Python, true) {
			c.rejected[w.Canonical] = append(c.rejected[w.Canonical], fmt.Sprintf("%s: Requires-Python %s excludes Python %s", w.File, w.Meta.RequiresPython, c.plat.Python))
			continue
		}
		if !findDirs[w.Dir] && !named[w.Path] {
			dir := PluginsDir
			if w.Dir != "" {
				dir += "/" + w.Dir
			}
			c.add("PRV-08/wheel-location", model.SeverityWarning, w.Canonical, pos,
				fmt.Sprintf("%s is in %s, which no --find-links line names: pip does not look into subdirectories", w.File, dir),
				"add --find-links "+dir+" or move the wheel to the top of plugins.zip")
			c.rejected[w.Canonical] = append(c.rejected[w.Canonical], w.File+": not in a --find-links directory")
			continue
		}
		avail[w.Canonical] = append(avail[w.Canonical], &Candidate{Name: w.Canonical, Version: w.Version, Raw: w.VersionText, Wheel: w})
	}
	for _, s := range c.opts.Plugins.Sdists {
		c.add("PRV-08/sdist", model.SeverityWarning, "", Pos{File: c.opts.Plugins.Path + ":" + s},
			fmt.Sprintf("%s is a source distribution: building it needs its build backend (setuptools, ...) as wheels too, and it is not counted as satisfying anything here", s),
			"ship a wheel instead (pip wheel / pip download --only-binary=:all:)")
	}
	return avail
}

func versionsEqual(a, b string) bool {
	va, err1 := ParseVersion(a)
	vb, err2 := ParseVersion(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return va.Compare(vb) == 0
}

func (c *checker) resolve(avail map[string][]*Candidate) {
	r := &Resolver{Env: c.plat.MarkerEnv(), Available: avail, Constraints: c.rf.Constraints, Prereleases: c.rf.Pre}
	var top []Edge
	for _, rl := range c.rf.Requirements {
		if rl.Req.URL != "" {
			continue
		}
		top = append(top, Edge{Req: rl.Req, Pos: rl.Pos})
	}
	res := r.Resolve(top)
	c.rep.Checked = true

	var names []string
	for n := range res.Pinned {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := res.Pinned[n]
		from := "installed"
		if p.Wheel != nil {
			from = p.Wheel.Path
		}
		c.rep.Resolved = append(c.rep.Resolved, Pin{Name: n, Version: p.Raw, From: from})
	}

	var download []string
	names = names[:0]
	for n := range res.Missing {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		edges := res.Missing[n]
		pos, chain := c.origin(res, n)
		var why []string
		for _, e := range edges {
			why = append(why, e.describe())
		}
		msg := fmt.Sprintf("no wheel in plugins.zip satisfies %s: %s", n, strings.Join(dedupe(why), "; "))
		if chain != "" {
			msg += " (via " + chain + ")"
		}
		rule := "PRV-08/missing"
		if reasons := c.rejected[n]; len(reasons) > 0 {
			for _, r := range reasons {
				if strings.Contains(r, "platform tags") || strings.Contains(r, "Requires-Python") {
					rule = "PRV-08/platform"
				}
			}
			msg += "; the wheels present cannot be used: " + strings.Join(reasons, "; ")
		}
		c.add(rule, model.SeverityError, n, pos, msg, "add a wheel of "+n+" built for "+c.plat.Describe()+" to plugins.zip")
		download = append(download, n+specUnion(edges))
	}
	for _, f := range res.Failures {
		pos, chain := c.origin(res, f.Name)
		var why []string
		for _, e := range f.Edges {
			why = append(why, e.describe())
		}
		avail := "none usable"
		if len(f.Available) > 0 {
			avail = strings.Join(f.Available, ", ")
		}
		kind, rule := "no wheel satisfies", "PRV-08/unsatisfied"
		if f.Conflict {
			kind, rule = "version conflict on", "PRV-08/conflict"
		}
		msg := fmt.Sprintf("%s %s: %s; available: %s", kind, f.Name, strings.Join(dedupe(why), "; "), avail)
		for _, cr := range c.rf.Constraints {
			if cr.Req.Canonical == f.Name {
				msg += fmt.Sprintf("; constrained to %s by %s", cr.Req.Specifier, cr.Pos)
			}
		}
		if chain != "" {
			msg += " (via " + chain + ")"
		}
		c.add(rule, model.SeverityError, f.Name, pos, msg, "")
		if !f.Conflict {
			download = append(download, f.Name+specUnion(f.Edges))
		}
	}
	if res.TooComplex {
		c.add("PRV-08/too-complex", model.SeverityError, "", Pos{File: c.opts.RequirementsName},
			"resolution gave up after too many backtracking steps; pin versions to help it", "")
	}
	// Wheels that cannot install and that nothing needs: a warning each.
	var rejectedNames []string
	for n := range c.rejected {
		rejectedNames = append(rejectedNames, n)
	}
	sort.Strings(rejectedNames)
	for _, n := range rejectedNames {
		if _, missing := res.Missing[n]; missing {
			continue
		}
		for _, reason := range c.rejected[n] {
			if strings.Contains(reason, "platform tags") || strings.Contains(reason, "Requires-Python") {
				c.add("PRV-08/platform", model.SeverityWarning, n, Pos{File: c.opts.Plugins.Path}, reason+" (not needed by the requirements)", "remove it from plugins.zip")
			}
		}
	}
	if len(download) > 0 {
		c.rep.PipDownload = c.pipDownload(download)
	}
}

// origin finds the top-level requirements line a project was reached from, and the chain.
func (c *checker) origin(res *Resolution, n string) (Pos, string) {
	var chain []string
	seen := map[string]bool{}
	cur := n
	for i := 0; i < 100 && !seen[cur]; i++ {
		seen[cur] = true
		e, ok := res.Via[cur]
		if !ok {
			break
		}
		if e.Parent == nil {
			if len(chain) == 0 {
				return e.Pos, ""
			}
			return e.Pos, strings.Join(chain, " <- ") + " <- " + e.Req.Text
		}
		chain = append(chain, e.Parent.Name+" "+e.Parent.Raw)
		cur = e.Parent.Name
	}
	return Pos{File: c.opts.RequirementsName}, strings.Join(chain, " <- ")
}

func specUnion(edges []Edge) string {
	seen := map[string]bool{}
	var parts []string
	for _, e := range edges {
		for _, s := range e.Req.Specifier {
			if s.Op == "===" {
				continue
			}
			if t := s.String(); !seen[t] {
				seen[t] = true
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, ",")
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// pipDownload is the command that fetches the missing wheels (and their own
// dependencies) for MWAA's platform, to add to plugins.zip.
func (c *checker) pipDownload(reqs []string) string {
	sort.Strings(reqs)
	x, y := c.plat.pythonXY()
	parts := []string{"pip", "download", "--dest", "plugins", "--only-binary=:all:"}
	for _, p := range c.plat.DownloadPlatforms() {
		parts = append(parts, "--platform", p)
	}
	parts = append(parts, "--python-version", c.plat.PythonMinor(), "--implementation", "cp",
		"--abi", fmt.Sprintf("cp%d%d", x, y), "--abi", "abi3", "--abi", "none")
	if c.opts.ConstraintsName != "" {
		parts = append(parts, "--constraint", c.opts.ConstraintsName)
	} else if c.imageConstraintsURL != "" {
		// The wheels must satisfy the constraints MWAA applies: download within them.
		parts = append(parts, "--constraint", c.imageConstraintsURL)
	}
	for _, r := range reqs {
		parts = append(parts, r)
	}
	for i, p := range parts {
		parts[i] = shQuote(p)
	}
	return strings.Join(parts, " ")
}

func shQuote(s string) string {
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+", r)) {
			safe = false
			break
		}
	}
	if safe && s != "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func parseInstalled(name string, data []byte) ([]*Candidate, error) {
	var out []*Candidate
	for _, ll := range logicalLines(data) {
		pos := Pos{name, ll.line}
		if strings.HasPrefix(ll.text, "-") {
			continue
		}
		i := strings.Index(ll.text, "==")
		if i <= 0 {
			return nil, &ParseError{pos, fmt.Sprintf("%s: expected name==version (pip freeze output)", quote(ll.text))}
		}
		n, v := strings.TrimSpace(ll.text[:i]), strings.TrimSpace(ll.text[i+2:])
		ver, err := ParseVersion(v)
		if err != nil {
			return nil, &ParseError{pos, err.Error()}
		}
		out = append(out, &Candidate{Name: NormalizeName(n), Version: ver, Raw: v, Installed: true})
	}
	return out, nil
}

// IsInputError reports whether err is about unreadable or invalid input (exit 2).
func IsInputError(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe) || errors.Is(err, ErrUnreadable)
}
