package iampolicy

import (
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
)

func TestParse(t *testing.T) {
	n, err := jsonpos.Parse([]byte(`{"p": {"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "s3:Get*", "Resource": ["arn:aws:s3:::b/*"], "Condition": {"Bool": {"aws:SecureTransport": false}}}]},
 "s": "{\"Statement\": {\"Effect\": \"Deny\", \"NotAction\": \"kms:*\", \"Principal\": {\"AWS\": \"arn:aws:iam::1:root\"}}}",
 "u": "%7B%22Statement%22%3A%5B%5D%7D",
 "bad": "{\"Statement\": 3}"}`))
	if err != nil {
		t.Fatal(err)
	}
	p, errs := Parse(n.Get("p"), "f.json", "p")
	if len(errs) != 0 || len(p.Statements) != 1 || !p.Statements[0].HasAction("s3:GetObject") || p.Statements[0].Principal["*"][0] != "*" ||
		p.Statements[0].Condition["Bool"]["aws:SecureTransport"][0] != "false" || p.Statements[0].Source.Line != 2 {
		t.Errorf("p = %+v, %v", p, errs)
	}
	s, errs := Parse(n.Get("s"), "f.json", "s")
	if len(errs) != 0 || s.Statements[0].Effect != "Deny" || s.Statements[0].NotAction[0] != "kms:*" || s.Statements[0].Source.Line != 3 {
		t.Errorf("s = %+v, %v", s, errs)
	}
	if u, errs := Parse(n.Get("u"), "f.json", "u"); len(errs) != 0 || u == nil || len(u.Statements) != 0 {
		t.Errorf("u = %+v, %v", u, errs)
	}
	if _, errs := Parse(n.Get("bad"), "f.json", "bad"); len(errs) != 1 || !strings.Contains(errs[0].Error(), "f.json:5:9: bad: Statement: expected an object or a list, found a number") {
		t.Errorf("bad: %v", errs)
	}
}
