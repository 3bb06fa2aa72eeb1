package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mwaanet/mwaanet/internal/didyoumean"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// MWAARegions are the Regions where Amazon MWAA is offered: the Regions of the "Service
// endpoints" table of "Amazon Managed Workflows for Apache Airflow endpoints and quotas"
// (AWS General Reference, https://docs.aws.amazon.com/general/latest/gr/mwaa.html), as
// AWS's endpoint model gives them to the SDK (aws-sdk-go-v2 service/mwaa v1.41.0,
// internal/endpoints: 31 Regions in the aws partition, 2 in aws-cn, none in aws-us-gov).
// Sorted. A spec naming another Region is an error: CreateEnvironment has no endpoint
// there. When AWS adds a Region, add it here.
var MWAARegions = []string{
	"af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
	"ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1",
	"cn-north-1", "cn-northwest-1",
	"eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
	"eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
	"sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// checkRegion says what is wrong with region as an MWAA Region ("" when nothing is): a
// name MWAA is not offered in, with the closest Region it is offered in when the name
// looks like a typo of one ("us-est-1": did you mean "us-east-1"?).
func checkRegion(region string) string {
	if slices.Contains(MWAARegions, region) {
		return ""
	}
	// Suggest only within the name's partition: us-gov-west-1 is no typo of us-west-1.
	var same []string
	for _, r := range MWAARegions {
		if model.PartitionOf(r) == model.PartitionOf(region) {
			same = append(same, r)
		}
	}
	if best, ok := didyoumean.Closest(region, same); ok {
		return fmt.Sprintf("region: Amazon MWAA is not offered in %s (did you mean %q?)", textsafe.Quote(region), best)
	}
	if !regionRE.MatchString(region) {
		return fmt.Sprintf("region: %s is not a Region name (like us-east-1)", textsafe.Quote(region))
	}
	return fmt.Sprintf("region: Amazon MWAA is not offered in %s; it is offered in %s (AWS General Reference, MWAA endpoints)", textsafe.Quote(region), strings.Join(MWAARegions, ", "))
}
