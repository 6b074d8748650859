"""The portfolio app's pages, by what they are about: one portfolio, one candidate's mentoring, the cohort."""
