<?php
/**
 * Nothing to see here.
 *
 * @package Consentry
 */
