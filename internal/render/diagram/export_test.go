package diagram

import (
	"image"
	"testing"
)

// Exported for the use-case tests in package diagram_test.
var (
	CheckGeometry = checkGeometry
	Crossings     = crossings
	Chromium      = chromium
	Screenshot    = screenshot
	Golden        = golden
)

func CheckPNG(t *testing.T, img image.Image, w, h int) { checkPNG(t, img, w, h) }

func CheckText(t *testing.T, img image.Image, l *Layout) { checkText(t, img, l) }
