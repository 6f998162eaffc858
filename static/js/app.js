// Marks that JavaScript runs, so fallback buttons for autosaving forms can hide.
document.documentElement.classList.add("js");
