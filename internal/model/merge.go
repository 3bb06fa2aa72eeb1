package model

import (
	"fmt"
	"reflect"
)

// Merge combines architectures read from different inputs that describe one deployment
// (a snapshot of an existing VPC plus the template that adds to it): every collection is
// concatenated in argument order, and references between them resolve because objects
// keep their IDs (a template's literal vpc-... refers to the snapshot's VPC). Region,
// Partition, AccountID, Name and Routing come from the first architecture that sets them.
// Unknown is the union: what one input does not show stays unknown even when another adds
// objects of that kind. Amendments whose target one of the inputs defines are applied to
// it (the target object is copied first, so the inputs are not changed); the others stay
// in Amendments. Two objects of one kind with the same ID are an error.
func Merge(parts ...*Architecture) (*Architecture, error) {
	out := &Architecture{}
	ov := reflect.ValueOf(out).Elem()
	t := ov.Type()
	seenUnknown := map[string]bool{}
	for _, p := range parts {
		if p == nil {
			continue
		}
		pv := reflect.ValueOf(p).Elem()
		for i := 0; i < t.NumField(); i++ {
			f, src := ov.Field(i), pv.Field(i)
			switch {
			case t.Field(i).Name == "Unknown":
				for _, k := range p.Unknown {
					if !seenUnknown[k] {
						seenUnknown[k] = true
						out.Unknown = append(out.Unknown, k)
					}
				}
			case f.Kind() == reflect.String:
				if f.String() == "" {
					f.SetString(src.String())
				}
			case f.Kind() == reflect.Slice:
				f.Set(reflect.AppendSlice(f, src))
			}
		}
	}
	// Objects are pointers to structs with an ID field: IDs must be unique per kind.
	for i := 0; i < t.NumField(); i++ {
		f := ov.Field(i)
		if f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.Pointer {
			continue
		}
		elem := f.Type().Elem().Elem()
		if _, ok := elem.FieldByName("ID"); !ok {
			continue
		}
		seen := map[string]bool{}
		for j := 0; j < f.Len(); j++ {
			id := f.Index(j).Elem().FieldByName("ID").String()
			if id == "" {
				continue
			}
			if seen[id] {
				return nil, fmt.Errorf("two inputs both define %s %q", t.Field(i).Name, id)
			}
			seen[id] = true
		}
	}
	if len(out.Amendments) > 0 {
		applyAmendments(out)
	}
	return out, nil
}

// applyAmendments applies out's amendments to copies of their targets.
func applyAmendments(out *Architecture) {
	copied := map[string]bool{}
	for i, g := range out.SecurityGroups {
		for _, am := range out.Amendments {
			if am.Target == g.ID && (am.Ingress != nil || am.Egress != nil) && !copied["sg:"+g.ID] {
				c := *g
				c.Ingress = append([]SGRule(nil), g.Ingress...)
				c.Egress = append([]SGRule(nil), g.Egress...)
				out.SecurityGroups[i] = &c
				copied["sg:"+g.ID] = true
			}
		}
	}
	for i, rt := range out.RouteTables {
		for _, am := range out.Amendments {
			if am.Target == rt.ID && am.Route != nil && !copied["rt:"+rt.ID] {
				c := *rt
				c.Routes = append([]Route(nil), rt.Routes...)
				out.RouteTables[i] = &c
				copied["rt:"+rt.ID] = true
			}
		}
	}
	ix := NewIndex(out)
	var rest []Amendment
	for _, am := range out.Amendments {
		if !am.apply(ix) {
			rest = append(rest, am)
		}
	}
	out.Amendments = rest
}
