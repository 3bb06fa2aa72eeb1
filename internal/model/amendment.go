package model

// Amendment is a change an input makes to an object it does not define: a rule added to
// an existing security group by its sg-... ID, a route added to an existing route table.
// A template that completes an existing VPC (what `mwaanet synth --existing` emits) is made
// of such changes. Merge applies an amendment to the object of that ID when another input
// (a snapshot) defines it; until then it stays in Architecture.Amendments, unapplied,
// and consumers treat the target as outside the input.
type Amendment struct {
	// Target is the ID of the amended object.
	Target string
	// Exactly one of these is set.
	Ingress *SGRule // a security group's inbound rule
	Egress  *SGRule // a security group's outbound rule
	Route   *Route  // a route table's route
	Source  Source
}

// apply adds the amendment to its target in ix, reporting whether the target exists.
func (am Amendment) apply(ix *Index) bool {
	switch {
	case am.Ingress != nil || am.Egress != nil:
		g := ix.SecurityGroups[am.Target]
		if g == nil {
			return false
		}
		if am.Ingress != nil {
			g.Ingress = append(g.Ingress, *am.Ingress)
		} else {
			g.Egress = append(g.Egress, *am.Egress)
		}
		return true
	case am.Route != nil:
		rt := ix.RouteTables[am.Target]
		if rt == nil {
			return false
		}
		rt.Routes = append(rt.Routes, *am.Route)
		return true
	}
	return false
}
