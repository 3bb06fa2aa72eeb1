package model

// RequiredInterfaceServices returns the short names of the interface endpoints MWAA needs
// in private routing (PRV-03), in the guide's order: airflow.ops only exists in partition
// "aws".
func RequiredInterfaceServices(partition string) []string {
	s := []string{"monitoring", "ecr.dkr", "ecr.api", "logs", "sqs", "kms", "airflow.api", "airflow.env"}
	if partition == "" || partition == "aws" {
		s = append(s, "airflow.ops")
	}
	return s
}

// ECRLayerBucketARN is the bucket ECR serves image layers from, which an S3 gateway
// endpoint's policy must allow in private routing (PRV-05). Symbolic in Region and
// partition.
const ECRLayerBucketARN = "arn:${AWS::Partition}:s3:::prod-${AWS::Region}-starport-layer-bucket/*"

// MWAAServicePrincipals are the principals that must be trusted by the execution role
// (IAM-01).
var MWAAServicePrincipals = []string{"airflow.amazonaws.com", "airflow-env.amazonaws.com"}
