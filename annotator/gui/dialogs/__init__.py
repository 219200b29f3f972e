"""Small dialogs (pickers, prompts); the workbench itself prefers panels."""
