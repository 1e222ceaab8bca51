"""The learned half of the classifier: candidates, features, the scikit-learn model, how it
combines with the rules, saving it, and evaluating it by grouped cross-validation.

Light to import: scikit-learn loads only with the modules that need it.
"""
