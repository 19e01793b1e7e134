resource "aws_vpc" "shop" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_subnet" "public_a" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.30.0.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "public_b" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "eu-west-1b"
}
