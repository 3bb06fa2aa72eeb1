package live

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestCLIJSON(t *testing.T) {
	ng := ec2types.NatGateway{
		NatGatewayId:     aws.String("nat-1"),
		State:            ec2types.NatGatewayStateAvailable,
		CreateTime:       aws.Time(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)),
		ConnectivityType: ec2types.ConnectivityTypePublic,
		NatGatewayAddresses: []ec2types.NatGatewayAddress{
			{PublicIp: aws.String("198.51.100.10"), IsPrimary: aws.Bool(true)},
		},
		Tags: []ec2types.Tag{},
	}
	got, err := cliJSON(map[string]any{"NatGateways": []ec2types.NatGateway{ng}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{
    "NatGateways": [
        {
            "ConnectivityType": "public",
            "CreateTime": "2026-11-20T10:00:00+00:00",
            "NatGatewayAddresses": [
                {
                    "IsPrimary": true,
                    "PublicIp": "198.51.100.10"
                }
            ],
            "NatGatewayId": "nat-1",
            "State": "available",
            "Tags": []
        }
    ]
}
`
	if string(got) != want {
		t.Errorf("cliJSON =\n%s\nwant\n%s", got, want)
	}
}
