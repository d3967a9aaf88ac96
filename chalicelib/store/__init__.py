"""AWS: the DynamoDB store and its keys, and the SSM parameters a stage reads."""
