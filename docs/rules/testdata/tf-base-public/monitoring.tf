resource "aws_cloudwatch_metric_alarm" "scheduler_heartbeat_alarm" {
  alarm_name        = "${var.name}-scheduler-heartbeat"
  alarm_description = "The Airflow scheduler sent no heartbeat for 5 minutes (LOG-02)"
  namespace         = "AmazonMWAA"
  metric_name       = "SchedulerHeartbeat"
  dimensions = {
    Environment = aws_mwaa_environment.environment.name
    Function    = "Scheduler"
  }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
}

resource "aws_cloudwatch_metric_alarm" "queued_tasks_alarm" {
  alarm_name        = "${var.name}-tasks-queued-too-long"
  alarm_description = "Tasks stayed queued for 30 minutes without the queue draining (LOG-02)"
  namespace         = "AmazonMWAA"
  metric_name       = "QueuedTasks"
  dimensions = {
    Environment = aws_mwaa_environment.environment.name
    Function    = "Executor"
  }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 6
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "scheduler_cpu_alarm" {
  alarm_name        = "${var.name}-scheduler-cpu-high"
  alarm_description = "Scheduler CPUUtilization above 80% for 15 minutes (LOG-02)"
  namespace         = "AWS/MWAA"
  metric_name       = "CPUUtilization"
  dimensions = {
    Cluster     = "Scheduler"
    Environment = aws_mwaa_environment.environment.name
  }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "scheduler_memory_alarm" {
  alarm_name        = "${var.name}-scheduler-memory-high"
  alarm_description = "Scheduler MemoryUtilization above 80% for 15 minutes (LOG-02)"
  namespace         = "AWS/MWAA"
  metric_name       = "MemoryUtilization"
  dimensions = {
    Cluster     = "Scheduler"
    Environment = aws_mwaa_environment.environment.name
  }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "worker_cpu_alarm" {
  alarm_name        = "${var.name}-worker-cpu-high"
  alarm_description = "BaseWorker CPUUtilization above 80% for 15 minutes (LOG-02)"
  namespace         = "AWS/MWAA"
  metric_name       = "CPUUtilization"
  dimensions = {
    Cluster     = "BaseWorker"
    Environment = aws_mwaa_environment.environment.name
  }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "worker_memory_alarm" {
  alarm_name        = "${var.name}-worker-memory-high"
  alarm_description = "BaseWorker MemoryUtilization above 80% for 15 minutes (LOG-02)"
  namespace         = "AWS/MWAA"
  metric_name       = "MemoryUtilization"
  dimensions = {
    Cluster     = "BaseWorker"
    Environment = aws_mwaa_environment.environment.name
  }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
}
