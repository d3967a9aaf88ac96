"""Runtime package of the coop API: everything the Lambda function imports."""
