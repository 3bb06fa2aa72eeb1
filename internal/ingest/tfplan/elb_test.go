package tfplan

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// A plan (terraform show -json) with an internet-facing ALB, an HTTPS listener forwarding
// to an IP target group, one attachment with a literal address and one whose address is
// known only after apply, and an NLB marked internal. Written for this test.
const elbPlan = `{
 "format_version": "1.2",
 "planned_values": {
  "root_module": {
   "resources": [
    {
     "address": "aws_subnet.public",
     "mode": "managed",
     "type": "aws_subnet",
     "name": "public",
     "values": {
      "cidr_block": "10.0.1.0/24",
      "availability_zone": "us-east-1a"
     }
    },
    {
     "address": "aws_security_group.alb",
     "mode": "managed",
     "type": "aws_security_group",
     "name": "alb",
     "values": {
      "name": "alb"
     }
    },
    {
     "address": "aws_lb.ui",
     "mode": "managed",
     "type": "aws_lb",
     "name": "ui",
     "values": {
      "name": "ui",
      "internal": false,
      "load_balancer_type": "application"
     }
    },
    {
     "address": "aws_lb.inner",
     "mode": "managed",
     "type": "aws_lb",
     "name": "inner",
     "values": {
      "name": "inner",
      "internal": true,
      "load_balancer_type": "network",
      "subnets": [
       "subnet-0aaa"
      ]
     }
    },
    {
     "address": "aws_lb_target_group.web",
     "mode": "managed",
     "type": "aws_lb_target_group",
     "name": "web",
     "values": {
      "name": "web",
      "port": 443,
      "protocol": "HTTPS",
      "target_type": "ip",
      "health_check": [
       {
        "matcher": "200,302"
       }
      ]
     }
    },
    {
     "address": "aws_lb_listener.https",
     "mode": "managed",
     "type": "aws_lb_listener",
     "name": "https",
     "values": {
      "port": 443,
      "protocol": "HTTPS",
      "default_action": [
       {
        "type": "forward"
       }
      ]
     }
    },
    {
     "address": "aws_lb_target_group_attachment.a",
     "mode": "managed",
     "type": "aws_lb_target_group_attachment",
     "name": "a",
     "values": {
      "target_id": "10.0.10.10",
      "port": 443
     }
    },
    {
     "address": "aws_lb_target_group_attachment.b",
     "mode": "managed",
     "type": "aws_lb_target_group_attachment",
     "name": "b",
     "values": {
      "port": 443
     }
    }
   ]
  }
 },
 "resource_changes": [
  {
   "address": "aws_subnet.public",
   "type": "aws_subnet",
   "name": "public",
   "change": {
    "actions": [
     "create"
    ],
    "after_unknown": {
     "id": true,
     "vpc_id": true
    }
   }
  },
  {
   "address": "aws_security_group.alb",
   "type": "aws_security_group",
   "name": "alb",
   "change": {
    "actions": [
     "create"
    ],
    "after_unknown": {
     "id": true,
     "vpc_id": true,
     "ingress": true,
     "egress": true
    }
   }
  },
  {
   "address": "aws_lb.ui",
   "type": "aws_lb",
   "name": "ui",
   "change": {
    "actions": [
     "create"
    ],
    "after_unknown": {
     "arn": true,
     "subnets": true,
     "security_groups": true
    }
   }
  },
  {
   "address": "aws_lb.inner",
   "type": "aws_lb",
   "name": "inner",
   "change": {
    "actions": [
     "create"
    ],
    "after_unknown": {
     "arn": true
    }
   }
  },
  {
   "address": "aws_lb_target_group.web",
   "type": "aws_lb_target_group",
   "name": "web",
   "change": {
    "actions": [
     "create"
    ],
    "after_unknown": {
     "arn": true,
     "vpc_id": true
    }
   }
  },
  {
   "address": "aws_lb_listener.https",
   "type": "aws_lb_listener",
   "name": "https",
   "change": {
    "actions": [
     "create"
    ],
    "after_unknown": {
     "arn": true,
     "load_balancer_arn": true,
     "default_action": [
      {
       "target_group_arn": true
      }
     ]
    }
   }
  },
  {
   "address": "aws_lb_target_group_attachment.a",
   "type": "aws_lb_target_group_attachment",
   "name": "a",
   "change": {
    "actions": [
     "create"
    ],
    "after_unknown": {
     "target_group_arn": true
    }
   }
  },
  {
   "address": "aws_lb_target_group_attachment.b",
   "type": "aws_lb_target_group_attachment",
   "name": "b",
   "change": {
    "actions": [
     "create"
    ],
    "after_unknown": {
     "target_group_arn": true,
     "target_id": true
    }
   }
  }
 ],
 "configuration": {
  "root_module": {
   "resources": [
    {
     "address": "aws_lb.ui",
     "type": "aws_lb",
     "name": "ui",
     "expressions": {
      "subnets": {
       "references": [
        "aws_subnet.public.id",
        "aws_subnet.public"
       ]
      },
      "security_groups": {
       "references": [
        "aws_security_group.alb.id",
        "aws_security_group.alb"
       ]
      }
     }
    },
    {
     "address": "aws_lb_listener.https",
     "type": "aws_lb_listener",
     "name": "https",
     "expressions": {
      "load_balancer_arn": {
       "references": [
        "aws_lb.ui.arn",
        "aws_lb.ui"
       ]
      },
      "default_action": [
       {
        "target_group_arn": {
         "references": [
          "aws_lb_target_group.web.arn",
          "aws_lb_target_group.web"
         ]
        }
       }
      ]
     }
    },
    {
     "address": "aws_lb_target_group_attachment.a",
     "type": "aws_lb_target_group_attachment",
     "name": "a",
     "expressions": {
      "target_group_arn": {
       "references": [
        "aws_lb_target_group.web.arn",
        "aws_lb_target_group.web"
       ]
      }
     }
    },
    {
     "address": "aws_lb_target_group_attachment.b",
     "type": "aws_lb_target_group_attachment",
     "name": "b",
     "expressions": {
      "target_group_arn": {
       "references": [
        "aws_lb_target_group.web.arn",
        "aws_lb_target_group.web"
       ]
      },
      "target_id": {
       "references": [
        "data.aws_network_interface.web.private_ip"
       ]
      }
     }
    }
   ]
  }
 }
}`

func TestPlanLoadBalancers(t *testing.T) {
	a, err := Read("elb.plan.json", []byte(elbPlan))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.LoadBalancers) != 2 || len(a.TargetGroups) != 1 {
		t.Fatalf("load balancers %+v, target groups %+v", a.LoadBalancers, a.TargetGroups)
	}
	ui, inner := a.LoadBalancers[0], a.LoadBalancers[1]
	if ui.ID != "aws_lb.ui" || ui.Scheme != model.LBInternetFacing || ui.Type != model.LBApplication ||
		!slices.Equal(ui.Subnets, []string{"aws_subnet.public"}) || !slices.Equal(ui.SecurityGroups, []string{"aws_security_group.alb"}) {
		t.Errorf("aws_lb.ui = %+v", ui)
	}
	if len(ui.Listeners) != 1 || ui.Listeners[0].Port != 443 || !slices.Equal(ui.Listeners[0].TargetGroups, []string{"aws_lb_target_group.web"}) {
		t.Errorf("listeners %+v", ui.Listeners)
	}
	if inner.Scheme != model.LBInternal || inner.Type != model.LBNetwork || len(inner.Listeners) != 0 {
		t.Errorf("aws_lb.inner = %+v", inner)
	}
	tg := a.TargetGroups[0]
	if tg.TargetType != "ip" || tg.Port != 443 || tg.HealthCheckCodes != "200,302" || tg.TargetsUnknown || len(tg.Targets) != 2 ||
		tg.Targets[0].IP != netip.MustParseAddr("10.0.10.10") || tg.Targets[1].IP.IsValid() {
		t.Errorf("target group %+v", tg)
	}
}
