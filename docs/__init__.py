"""The project's documentation, shipped so that `budgetwatch explain` can show a rule's section."""
