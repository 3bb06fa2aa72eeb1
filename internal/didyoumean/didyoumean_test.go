package didyoumean

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"cidr", "routing", "webserverAccess", "services"}
	for in, want := range map[string]string{"rutting": "routing", "cidrs": "cidr", "WEBSERVERACCESS": "webserverAccess", "service": "services"} {
		if got, ok := Closest(in, keys); !ok || got != want {
			t.Errorf("Closest(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := Closest("zzzzzzzz", keys); ok {
		t.Errorf("Closest suggested %q for an unrelated word", got)
	}
	if Distance("kitten", "sitting") != 3 || Distance("", "abc") != 3 || Distance("same", "same") != 0 {
		t.Error("Distance")
	}
}
