package terraform

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/mwaanet/mwaanet/internal/model"
)

const monitoringFile = "monitoring.tf"

// monitoring writes the log groups, the CloudWatch alarms and the SNS topics they notify.
func (r *renderer) monitoring() error {
	for _, tp := range r.a.Topics {
		name := r.nameOf(tp.ID)
		b := r.resource(monitoringFile, "aws_sns_topic", name)
		r.setSym(b, "name", tp.Name)
		r.setSym(b, "kms_master_key_id", tp.KMSKey)
		for i, sub := range tp.Subscriptions {
			b := r.resource(monitoringFile, "aws_sns_topic_subscription", fmt.Sprintf("%s_%d", name, i+1))
			b.SetAttributeRaw("topic_arn", r.sym(model.Att(tp.ID, "TopicArn")))
			setString(b, "protocol", sub.Protocol)
			r.setSym(b, "endpoint", sub.Endpoint)
		}
	}
	for _, g := range r.a.LogGroups {
		b := r.resource(monitoringFile, "aws_cloudwatch_log_group", r.nameOf(g.ID))
		r.setSym(b, "name", g.Name)
		r.setSym(b, "kms_key_id", g.KMSKey)
		if g.RetentionInDays > 0 {
			setInt(b, "retention_in_days", g.RetentionInDays)
		}
	}
	for _, al := range r.a.Alarms {
		b := r.resource(monitoringFile, "aws_cloudwatch_metric_alarm", r.nameOf(al.ID))
		r.setSym(b, "alarm_name", al.Name)
		r.setSym(b, "alarm_description", al.Description)
		setString(b, "namespace", al.Namespace)
		setString(b, "metric_name", al.MetricName)
		if len(al.Dimensions) > 0 {
			keys := make([]string, 0, len(al.Dimensions))
			for k := range al.Dimensions {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var items []hclwrite.ObjectAttrTokens
			for _, k := range keys {
				items = append(items, hclwrite.ObjectAttrTokens{Name: objectKey(k), Value: r.sym(al.Dimensions[k])})
			}
			b.SetAttributeRaw("dimensions", hclwrite.TokensForObject(items))
		}
		setString(b, "statistic", al.Statistic)
		setInt(b, "period", al.Period)
		setInt(b, "evaluation_periods", al.EvaluationPeriods)
		b.SetAttributeRaw("threshold", exprTokens(strconv.FormatFloat(al.Threshold, 'f', -1, 64)))
		setString(b, "comparison_operator", al.ComparisonOperator)
		setString(b, "treat_missing_data", al.TreatMissingData)
		if len(al.AlarmActions) > 0 {
			b.SetAttributeRaw("alarm_actions", r.symList(al.AlarmActions))
		}
	}
	return nil
}
