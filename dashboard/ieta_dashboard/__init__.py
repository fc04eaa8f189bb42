"""The IETA teacher dashboard: the published marts, read-only, scoped to the viewer."""
