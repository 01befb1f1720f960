"""Many offices planned together: an index of contract-v1 instances (:mod:`.index`), each solved
as a task on the shared executor (:mod:`.run`), and one summary of them all (:mod:`.summary`)."""
