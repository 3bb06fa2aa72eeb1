package cfn

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"
)

// peakHeap runs f while sampling the bytes of live heap objects every few milliseconds and
// returns the most seen, less what was live before f started.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var (
		mu   sync.Mutex
		peak = base
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if v := read(); v > peak {
					mu.Lock()
					peak = v
					mu.Unlock()
				}
			}
		}
	}()
	f()
	if v := read(); v > peak {
		peak = v
	}
	close(stop)
	<-done
	mu.Lock()
	defer mu.Unlock()
	return peak - base
}

// BenchmarkReadPeakMemory reads a large generated YAML template (genTemplate: 20,000
// resources are 3.6 MB, 100,000 are 18 MB) and reports the peak heap during the read as a
// multiple of the file's size ("peak/size", the file itself counted once):
//
//	go test -run '^$' -bench ReadPeakMemory -benchtime 1x ./internal/ingest/cfn
//
// The figure counts dead objects not yet swept, so it is up to about twice the live heap
// at its highest (the collector's default pacing, GOGC=100), and it differs by about 1x
// from one run to the next. History (20k / 100k resources):
//
//   - 37x / 39x: the whole document's go.yaml.in/yaml/v3 node tree (about 15x live: a
//     yaml.Node is 152 bytes, and "VpcId: !Ref Vpc" is three of them), then the evaluated
//     Values of every resource (about 11x) beside the nodes, then the model.
//   - 31x / 30x: each resource's nodes released once it is evaluated (resource.release).
//   - 29x / 27x: the Resources section read one batch of resources at a time (split.go):
//     the whole tree never exists (after load: 1.6x live instead of 15x), so the peak
//     moved to the evaluated Values.
//   - 25x / 26.5x: Value.Ref a pointer (a Value 160 bytes, was 216).
//   - 18x / 18x: each resource of the first pass mapped as soon as it is evaluated, keeping
//     only its type and VpcId (mapper.evaluated).
//   - 17.6x / 17.4x: no YAML node kept after a resource's evaluation (the properties a
//     later !GetAtt reads kept as values).
//   - 15.5x / 14.8x: a Value's position in 16 bytes (a Value 128 bytes, a Field 160).
//   - 13.4-15.3x / 14.1-15.0x: compact positions in the load index too.
//   - 12.4-13.8x / 13.1-13.9x: the properties of the second pass's resources frozen into
//     bytes until it runs (frozen.go), and the values kept for !GetAtt too.
//   - 12.2x / 11.1-12.1x: a Resource kept only for the second pass's resources; target
//     reads a small targetInfo.
//   - 10.5-11.4x / 10.4-11.0x: a resource of the second pass waits in 48 bytes and its
//     frozen properties (mapper.waiting); what target reads lives in the index entry.
//   - 9.0-9.8x / 8.9-9.4x: model IDs kept only where qualified; the values kept for
//     !GetAtt frozen in their resource's index entry; resource types interned.
//   - 8.3-8.7x / 7.9-8.2x: the index entry 96 bytes (was 160: the position's file is the
//     template's, the condition behind a pointer, frozen values as strings, the text span
//     an index) and a span 20 bytes (int32 fields, was 40).
//   - 7.6-8.3x / 7.5-7.9x: the index entry 64 bytes: the type an interned handle, the
//     nodes and condition in a side record dropped at release (kept only for a
//     condition), the VpcId and kept values one string (TestIndexEntrySizes).
//   - 7.4-7.9x / 7.4-7.7x: the entries in one slice found through an open-addressing table
//     of int32 (the Go map took about 30 bytes a resource), the spans dropped once every
//     resource is parsed, a cut template's logical IDs cut from one string.
//   - 7.6x / 7.5x: the keys of frozen maps numbered in the freezer (a property name is
//     written once, not in every value).
//   - 6.9-7.2x / 7.1-7.3x: the index and the waiting list released after the second pass,
//     before finish adds what AWS adds (nothing reads them any more).
//   - 6.9-7.4x / 7.0-7.2x: the reasons of unknown values numbered in the freezer too.
//
// Live heap (after a collection, 100k resources, the file counted): 5.0x at the end of
// the first pass before the last six steps, 3.8x after them; at the end of the read 5.2x
// before, 3.35x after. The most live at any collection during the read is now about 3.8x,
// at the end of the first pass: the file (1x); the model (1.5x: genTemplate's groups,
// subnets, route tables and their tags; a one-tag map alone is about 300 bytes); the
// index (0.8x: per resource an entry of 64 bytes, its slot, the frozen VpcId and the
// values a later !GetAtt reads, its logical ID); the second pass's resources waiting,
// frozen (0.3x). The sampled peak is about twice the live heap (GOGC=100), so under 5x
// sampled would need about 2.5x live with the file: the model alone is 1.5x, so it needs
// a smaller model (internal/model: a Tags map per object, an SGRule of about 150 bytes),
// not only a smaller index. The live part does not grow with the size: a one-off run of
// 205 MB (1,100,000 resources; about 30 s on a loaded 2-core machine, so not one of the
// cases here) sampled 10.1x before these steps, 7.8x after them.
//
// The garbage half is the runtime's pacing, not the reader's: the command line sets a soft
// memory limit of 48 MiB + 4.5x the inputs it has read once they pass 32 MiB
// (cli.installMemoryBudget), and the whole process then peaks at 4.8x resident on the
// 205 MB template, 8.5x without the limit (BenchmarkCheckPeakRSS in cmd/mwaanet, which
// measures the built binary's ru_maxrss).
func BenchmarkReadPeakMemory(b *testing.B) {
	for _, n := range []int{20000, 100000} {
		b.Run(sizeName(n), func(b *testing.B) {
			data := genTemplate(n)
			b.SetBytes(int64(len(data)))
			var worst uint64
			for b.Loop() {
				p := peakHeap(func() {
					if _, err := Read([]File{{Name: "gen.yaml", Data: data}}, Options{}); err != nil {
						b.Fatal(err)
					}
				})
				worst = max(worst, p)
			}
			b.ReportMetric(float64(worst+uint64(len(data)))/float64(len(data)), "peak/size")
			b.ReportMetric(float64(len(data))/1e6, "file-MB")
		})
	}
}

// BenchmarkYAMLParsePeakMemory is the part of BenchmarkReadPeakMemory spent in the YAML
// library's node tree alone.
func BenchmarkYAMLParsePeakMemory(b *testing.B) {
	data := genTemplate(100000)
	b.SetBytes(int64(len(data)))
	var worst uint64
	for b.Loop() {
		worst = max(worst, peakHeap(func() {
			if _, err := parseDocument("gen.yaml", data); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(worst+uint64(len(data)))/float64(len(data)), "peak/size")
}

func sizeName(n int) string { return fmt.Sprintf("%dk-resources", n/1000) }

// TestEvaluatedResourcesReleaseTheirNodes: once a resource is evaluated it keeps none of
// its YAML nodes: the properties a later !GetAtt can read (attrFromProperty) are kept as
// values; a resource whose condition is false keeps nothing; the Resources section keeps
// no definitions. Later resources still read the released ones' attributes, duplicates
// resolved to the last definition as before.
func TestEvaluatedResourcesReleaseTheirNodes(t *testing.T) {
	src := `Conditions:
  Never: !Equals [a, b]
Resources:
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-first
      CidrBlock: 10.0.0.0/24
      VpcId: vpc-last
      Tags: [{Key: Name, Value: big}]
  Gone:
    Type: AWS::EC2::Subnet
    Condition: Never
    Properties: {VpcId: vpc-gone}
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: g
      VpcId: !GetAtt Subnet.VpcId
      Tags: [{Key: Cidr, Value: !GetAtt Subnet.CidrBlock}, {Key: Gone, Value: !GetAtt Gone.VpcId}]
`
	r, err := load([]File{yamlFile("t.yaml", src)}, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.resources(nil)
	if err != nil {
		t.Fatal(err)
	}
	tm := r.templates[0]
	if _, rs := lookup(tm.root, "Resources"); rs == nil || len(rs.Content) != 0 {
		t.Errorf("the Resources section still holds its definitions")
	}
	if n := len(tm.resources.get("Subnet").props().Content); n != 0 {
		t.Errorf("the evaluated Subnet keeps %d nodes", n)
	}
	var kept []string
	ev := r.evals[tm]
	for k, c := range ev.props {
		kept = append(kept, k.r.id+"."+k.key+"="+ev.fz.thaw(c.v).Describe())
	}
	for i := range tm.resources.list {
		rs := &tm.resources.list[i]
		for _, key := range propertyAttrs[rs.typName()] {
			if v, _, found := ev.keptProperty(rs, key); found {
				kept = append(kept, rs.id+"."+key+"="+v.Describe())
			}
		}
	}
	slices.Sort(kept)
	// Subnet.AvailabilityZone is absent; Gone is never evaluated; Group.VpcId is its own.
	if got, want := strings.Join(kept, " "), "Group.VpcId=vpc-last Subnet.CidrBlock=10.0.0.0/24 Subnet.VpcId=vpc-last"; got != want {
		t.Errorf("kept properties %q, want %q", got, want)
	}
	if n := len(releasedProps.Content); n != 0 {
		t.Errorf("the shared released properties hold %d nodes", n)
	}
	if n := len(tm.resources.get("Gone").props().Content); n != 0 {
		t.Errorf("a resource whose condition is false keeps %d nodes", n)
	}
	g := res[len(res)-1]
	if g.LogicalID != "Group" {
		t.Fatalf("last resource %s", g.LogicalID)
	}
	if got := g.Properties.Describe(); got != "{GroupDescription: g, VpcId: vpc-last, Tags: [{Key: Cidr, Value: 10.0.0.0/24}, {Key: Gone, Value: <unknown: resource Gone is not created (its condition Never is false)>}]}" {
		t.Errorf("Group = %s", got)
	}
}

// TestIndexEntrySizes keeps the per-resource records of the load index small: a large
// template has one of each per resource, for the whole read (BenchmarkReadPeakMemory).
func TestIndexEntrySizes(t *testing.T) {
	if n := unsafe.Sizeof(resource{}); n > 64 {
		t.Errorf("a resource is %d bytes, want at most 64", n)
	}
	if n := unsafe.Sizeof(span{}); n > 20 {
		t.Errorf("a span is %d bytes, want at most 20", n)
	}
}
