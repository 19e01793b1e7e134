# A small shop in Terraform, written for archlint's importer tests.
variable "db_multi_az" {
  type    = bool
  default = false
}

variable "web_min" {
  type    = number
  default = 2
}

module "network" {
  source = "./network"
}

module "cdn" {
  source  = "registry.example.com/acme/cdn/aws"
  version = "1.2.0"
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = [module.network.public_a, module.network.public_b]
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_target_group" "web" {
  port     = 8080
  protocol = "HTTP"
}

resource "aws_autoscaling_group" "web" {
  min_size            = var.web_min
  max_size            = 6
  availability_zones  = ["eu-west-1a", "eu-west-1b"]
  target_group_arns   = [aws_lb_target_group.web.arn]
}

resource "aws_db_instance" "orders" {
  engine   = "postgres"
  multi_az = var.db_multi_az
}

resource "aws_db_instance" "orders_replica" {
  replicate_source_db = aws_db_instance.orders.identifier
}

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name = "db-cpu"
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.orders.id
  }
}

resource "aws_sqs_queue" "jobs" {
  visibility_timeout_seconds = 30
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  timeout       = 120
  memory_size   = 512
  environment {
    variables = {
      DB = aws_db_instance.orders.address
    }
  }
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}

resource "aws_iam_role" "worker" {
  name = "worker"
}

resource "aws_gamelift_fleet" "odd" {
  name = "odd"
}
