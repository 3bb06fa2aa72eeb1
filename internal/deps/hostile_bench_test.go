package deps

import (
	"bytes"
	"fmt"
	"testing"
)

// One benchmark per input that once hung deps check (issue 11), each at a size and at
// 10× that size: the time per byte (MB/s) stays the same, so the time is proportional to
// the size. Run: go test ./internal/deps -run '^$' -bench Hostile -benchtime 3x

func BenchmarkHostileMetadataContinuation(b *testing.B) {
	for _, n := range []int{40_000, 400_000} {
		zipData := metadataContinuationZip(b, n)
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.SetBytes(int64(n * 3)) // the METADATA's size, not the zip's
			for i := 0; i < b.N; i++ {
				p, err := ReadPlugins("plugins.zip", bytes.NewReader(zipData), int64(len(zipData)))
				if err != nil || len(p.Wheels) != 1 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkHostileIncludeDiamond(b *testing.B) {
	// width × 10 levels, every file including every file of the next level: 16 wide is
	// 2,560 include lines, 50 wide (the reported case) 25,000, about 10×.
	for _, width := range []int{16, 50} {
		dir := b.TempDir()
		top := writeDiamond(b, dir, width, 10)
		data, err := ReadRequirementsFile(top)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("width=%d", width), func(b *testing.B) {
			b.SetBytes(int64(width * width * 10 * len("-r l00-00.txt\n")))
			for i := 0; i < b.N; i++ {
				rf, err := ParseRequirementsFile(top, data, FileSource{})
				if err != nil || len(rf.Requirements) != width {
					b.Fatalf("%v, %d requirements", err, len(rf.Requirements))
				}
			}
		})
	}
}

func BenchmarkHostileContinuationLines(b *testing.B) {
	for _, size := range []int{3 << 19, 15 << 20} { // 1.5 MiB and 15 MiB
		data := continuationLines(size)
		b.Run(fmt.Sprintf("bytes=%d", size), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				rf, err := ParseRequirementsFile("requirements.txt", data, FileSource{})
				if err != nil || len(rf.Requirements) != 1 {
					b.Fatal(err)
				}
			}
		})
	}
}
